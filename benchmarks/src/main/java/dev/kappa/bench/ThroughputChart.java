package dev.kappa.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The marginal rates of a run as grouped bars: one group per query, one bar per system. */
final class ThroughputChart {
  private ThroughputChart() {}

  static void write(Report report, Path png) throws IOException {
    Set<String> queries = new LinkedHashSet<>();
    Set<String> series = new LinkedHashSet<>();
    for (Report.Line l : report.lines()) {
      queries.add(l.query());
      series.add(l.system() + " (" + l.input() + ")");
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(1200)
            .height(620)
            .title(
                "Steady-state throughput: marginal rate between two input sizes ("
                    + Runtime.getRuntime().availableProcessors()
                    + " cores)")
            .xAxisTitle("query")
            .yAxisTitle("events per second")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisDecimalPattern("#,###");
    chart.getStyler().setAvailableSpaceFill(0.9);
    for (String name : series) {
      List<String> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (String query : queries) {
        x.add(query);
        y.add(
            report.lines().stream()
                .filter(
                    l ->
                        (l.system() + " (" + l.input() + ")").equals(name)
                            && l.query().equals(query))
                .findFirst()
                .flatMap(
                    l ->
                        l.marginalRate().isPresent()
                            ? java.util.Optional.of(l.marginalRate().getAsDouble())
                            : java.util.Optional.empty())
                .orElse(0.0));
      }
      chart.addSeries(name, x, y);
    }
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
