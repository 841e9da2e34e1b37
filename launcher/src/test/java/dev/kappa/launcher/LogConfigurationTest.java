package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kappa.launcher.kafka.KafkaLog;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/** What the shipped log4j2.xml lets through of the Kafka clients' messages. */
class LogConfigurationTest {
  private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";

  @Test
  void theLaunchersOwnClients_warnNothing() {
    assertEquals(
        Filter.Result.DENY,
        decide(
            Level.WARN,
            "[Consumer clientId="
                + KafkaLog.LAUNCHER_CLIENT_ID
                + "12, groupId=null] Connection to node -1"
                + " (/127.0.0.1:5998) could not be established. Node may not be available."));
    assertEquals(
        Filter.Result.DENY,
        decide(
            Level.WARN,
            "[AdminClient clientId="
                + KafkaLog.LAUNCHER_CLIENT_ID
                + "3] Connection to node -1 could not be established."));
  }

  @Test
  void theLaunchersOwnClients_stillShowErrors() {
    assertEquals(
        Filter.Result.ACCEPT,
        decide(
            Level.ERROR,
            "[Consumer clientId="
                + KafkaLog.LAUNCHER_CLIENT_ID
                + "12, groupId=null] SASL authentication failed"));
  }

  @Test
  void aJobsClients_stillWarn() {
    assertEquals(
        Filter.Result.NEUTRAL,
        decide(
            Level.WARN,
            "[Consumer clientId=consumer-Reader-0"
                + "_offset_consumer_1, groupId=g] Connection to node 1 could not be established."));
  }

  private static Filter.Result decide(Level level, String message) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    LoggerConfig config = context.getConfiguration().getLoggerConfig(NETWORK_CLIENT);
    LogEvent event =
        Log4jLogEvent.newBuilder()
            .setLoggerName(NETWORK_CLIENT)
            .setLevel(level)
            .setMessage(new SimpleMessage(message))
            .build();
    return config.getFilter().filter(event);
  }
}
