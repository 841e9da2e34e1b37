package dev.kappa.pipelines.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A password leaves the URL for the driver's password file, in the format the driver reads. */
class PgPassFileTest {
  @Test
  void aPasswordInTheUrl_movesToAnOwnerOnlyFile(@TempDir Path dir) throws Exception {
    PgPassFile file = new PgPassFile(dir.resolve("pgpass"));

    String url =
        file.keepPasswordOf(
            "jdbc:postgresql://db.example:6543/serving?user=kappa&password=a:b\\c&ssl=true",
            Optional.empty());

    assertEquals("jdbc:postgresql://db.example:6543/serving?user=kappa&ssl=true", url);
    assertEquals(
        List.of("db.example:6543:serving:kappa:a\\:b\\\\c"), Files.readAllLines(file.path()));
    assertEquals(
        "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
  }

  @Test
  void theEnvironmentsPasswordIsKept_andALaterPasswordReplacesTheLine(@TempDir Path dir)
      throws Exception {
    PgPassFile file = new PgPassFile(dir.resolve("pgpass"));
    Files.writeString(file.path(), "other:5432:*:someone:theirs\n");

    assertEquals(
        "jdbc:postgresql://127.0.0.1/test?user=postgres",
        file.keepPasswordOf("jdbc:postgresql://127.0.0.1/test?user=postgres", Optional.of("one")));
    assertEquals(
        "jdbc:postgresql://127.0.0.1/test?user=postgres",
        file.keepPasswordOf(
            "jdbc:postgresql://127.0.0.1/test?password=two&user=postgres", Optional.empty()));

    assertEquals(
        List.of("other:5432:*:someone:theirs", "127.0.0.1:5432:test:postgres:two"),
        Files.readAllLines(file.path()));
  }

  @Test
  void aUrlWithoutAPassword_isLeftAsItIs(@TempDir Path dir) {
    PgPassFile file = new PgPassFile(dir.resolve("pgpass"));
    String url = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    assertEquals(url, file.keepPasswordOf(url, Optional.empty()));
    assertEquals(false, Files.exists(file.path()));
  }
}
