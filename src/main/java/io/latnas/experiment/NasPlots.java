package io.latnas.experiment;

import io.latnas.accuracy.SurrogateAccuracy;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PNG charts of a NAS experiment (XChart, as in paper Fig. 8): per space, the winners' surrogate
 * accuracy against the latency constraint with one line per strategy; and the total search time
 * of each strategy per space. Charts render off-screen.
 */
public final class NasPlots {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private NasPlots() {
    }

    /**
     * Writes {@code accuracy-<space>.png} per space and {@code search-time.png} into {@code dir}.
     *
     * @return the files written
     */
    public static List<Path> write(NasReport report, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        for (String space : report.spaceIds()) {
            Path png = dir.resolve("accuracy-" + space + ".png");
            accuracyVsConstraint(report, space, png);
            written.add(png);
        }
        Path time = dir.resolve("search-time.png");
        searchTime(report, time);
        written.add(time);
        return written;
    }

    /** Surrogate top-1 of each strategy's winner against the constraint; constraints without a winner are left out. */
    static void accuracyVsConstraint(NasReport report, String space, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(report.hardwareId() + ", " + space + ": winners' accuracy (surrogate)")
                .xAxisTitle("latency constraint (ms)").yAxisTitle("estimated top-1 (%), " + SurrogateAccuracy.ID).build();
        for (NasStrategy strategy : report.strategies()) {
            List<NasCell> found = report.cells().stream()
                    .filter(c -> c.spaceId().equals(space) && c.strategy() == strategy && c.withinConstraint())
                    .toList();
            if (found.isEmpty()) {
                continue;
            }
            double[] x = found.stream().mapToDouble(NasCell::constraintMs).toArray();
            double[] y = found.stream().mapToDouble(NasCell::surrogateTop1).toArray();
            XYSeries series = chart.addSeries(strategy.id(), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, png);
    }

    /** Total search time of each strategy (all constraints), one group per space. */
    static void searchTime(NasReport report, Path png) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(report.hardwareId() + ": search time per strategy (all constraints)")
                .xAxisTitle("search space").yAxisTitle("search time (s)").build();
        List<String> spaces = new ArrayList<>(report.spaceIds());
        for (NasStrategy strategy : report.strategies()) {
            List<Double> seconds = spaces.stream().map(s -> report.searchSeconds(s, strategy)).toList();
            chart.addSeries(strategy.id(), spaces, seconds);
        }
        save(chart, png);
    }

    private static void save(Chart<?, ?> chart, Path png) throws IOException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
