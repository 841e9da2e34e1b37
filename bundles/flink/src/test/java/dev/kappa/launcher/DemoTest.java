package dev.kappa.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kappa.pipelines.serving.ServingViews;
import dev.kappa.testing.LocalKafka;
import dev.kappa.testing.LocalPostgres;
import dev.kappa.testing.LocalScripts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;

/**
 * {@code kappa demo}, shortened: live v1 panes are shown, then readers end on v2, and the engines'
 * logs (what bin/kappa prints on stderr besides Kappa's own lines) hold no stack trace.
 */
class DemoTest {
  @Test
  void theDemoShowsLivePanesThenSwitchesReadersToV2() throws Exception {
    LocalPostgres.ensureServer();
    StringWriter logged = new StringWriter();
    WriterAppender logs =
        WriterAppender.newBuilder()
            .setName("demo")
            .setTarget(logged)
            .setLayout(
                PatternLayout.newBuilder().withPattern("%-5level %c - %msg%n%throwable").build())
            .build();
    logs.start();
    LoggerContext context = LoggerContext.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(logs, null, null);
    context.updateLoggers();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        new Kappa(
                LocalScripts.repository(),
                LauncherRuns.TEST_PROFILE,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .execute(
                List.of(
                    "demo",
                    "--bootstrapServers=" + LocalKafka.bootstrapServers(),
                    "--streamSeconds=20",
                    "--watchSeconds=9",
                    "--eventsPerSecond=200"));
    context.getConfiguration().getRootLogger().removeAppender("demo");
    context.updateLoggers();
    String shown = out.toString(StandardCharsets.UTF_8);
    String log = err.toString(StandardCharsets.UTF_8);

    assertEquals(0, exit, log);
    assertTrue(shown.contains("EARLY") || shown.contains("ON_TIME"), shown);
    assertTrue(log.contains("switched view auction_stats to auction_stats_v2"), log);
    int before = shown.indexOf("auction-stats: readers query auction_stats -> auction_stats_v1");
    int after = shown.indexOf("auction-stats: readers query auction_stats -> auction_stats_v2");
    assertTrue(before >= 0 && after > before, "kappa status before and after:\n" + shown);
    assertTrue(
        shown.substring(after).contains("auction_stats_v1 -> auction_stats_v2 (reprocess)"), shown);
    assertFalse(logged.toString().contains("\tat "), "a stack trace in the logs:\n" + logged);
    try (Connection connection =
        DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/kappa_demo?user=postgres")) {
      assertEquals(
          "auction_stats_v2", ServingViews.currentTable(connection, "auction-stats").orElseThrow());
    }
  }
}
