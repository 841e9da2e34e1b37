package dev.kappa.bench;

import dev.kappa.bench.LiveEvents.Phase;
import dev.kappa.bench.OverloadRun.Curve.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The lag curve of an overload run: watermark lag and records behind, and memory, over time. */
final class OverloadChart {
  private OverloadChart() {}

  static void write(List<Row> rows, String maxHeap, Phase warm, Phase peak, Phase calm, Path png)
      throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(1200)
            .height(620)
            .title(
                String.format(
                    "Overload (heap %s): %,d/s, then %,d/s from %d s to %d s, then %,d/s",
                    maxHeap,
                    warm.rate(),
                    peak.rate(),
                    warm.seconds(),
                    warm.seconds() + peak.seconds(),
                    calm.rate()))
            .xAxisTitle("seconds since the stream began")
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    chart.setYAxisGroupTitle(0, "watermark lag (s)");
    chart.setYAxisGroupTitle(1, "thousand records behind; MB");
    List<Double> x = rows.stream().map(r -> r.sinceStartMillis() / 1000.0).toList();
    add(chart, "watermark lag (s)", x, rows.stream().map(r -> r.lagMillis() / 1000.0).toList(), 0);
    add(
        chart,
        "records behind (thousands)",
        x,
        rows.stream().map(r -> r.behind() / 1000.0).toList(),
        1);
    add(
        chart,
        "resident memory (MB)",
        x,
        rows.stream().map(r -> (double) r.reading().residentMb()).toList(),
        1);
    add(
        chart,
        "heap in use (MB)",
        x,
        rows.stream().map(r -> (double) r.reading().heapUsedMb()).toList(),
        1);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static void add(XYChart chart, String name, List<Double> x, List<Double> y, int axis) {
    XYSeries series = chart.addSeries(name, x, y);
    series.setMarker(SeriesMarkers.NONE);
    series.setYAxisGroup(axis);
  }
}
