package dev.kappa.codec;

/** A record that is not a valid marketplace event; the message says why, in user terms. */
public final class InvalidEventException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidEventException(String reason) {
    super(reason);
  }
}
