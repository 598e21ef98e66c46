package io.latnas.predictor;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * PNG charts of a predictor's training and quality (XChart): the loss curve, predicted against
 * measured latency, and test error against training set size. Charts render off-screen; the JVM is
 * put in headless mode unless it was told otherwise.
 */
public final class PredictorPlots {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private PredictorPlots() {
    }

    /** Train and validation loss per epoch on a log axis, with the kept epoch marked (paper Figure 4a). */
    public static void lossCurve(LossCurve curve, String title, Path png) throws IOException {
        if (curve.epochs() == 0) {
            throw new IllegalArgumentException("a loss curve without epochs cannot be plotted");
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle("MSE (normalised targets)").build();
        double[] epochs = new double[curve.epochs()];
        for (int i = 0; i < epochs.length; i++) {
            epochs[i] = i + 1;
        }
        double[] train = curve.trainLoss();
        double[] validation = curve.validationLoss();
        boolean positive = java.util.Arrays.stream(train).allMatch(v -> v > 0)
                && java.util.Arrays.stream(validation).allMatch(v -> v > 0);
        chart.getStyler().setYAxisLogarithmic(positive);
        line(chart.addSeries("train", epochs, train));
        line(chart.addSeries("validation", epochs, validation));
        XYSeries best = chart.addSeries("kept epoch " + (curve.bestEpoch() + 1),
                new double[] {curve.bestEpoch() + 1}, new double[] {curve.bestValidationLoss()});
        best.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        best.setMarker(SeriesMarkers.DIAMOND);
        write(chart, png);
    }

    /** Each prediction against its measurement, with the y = x line; the title carries the RMSE%. */
    public static void predictedVsMeasured(double[] measuredMs, double[] predictedMs, String title, Path png)
            throws IOException {
        Evaluation e = Evaluation.of(measuredMs, predictedMs);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(WIDTH)
                .title(String.format(Locale.ROOT, "%s (RMSE %.2f%%, tau %.3f)", title, e.rmsePercent(), e.kendallTau()))
                .xAxisTitle("measured latency (ms)").yAxisTitle("predicted latency (ms)").build();
        XYSeries points = chart.addSeries("architectures", measuredMs, predictedMs);
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        chart.getStyler().setMarkerSize(4);
        double lo = Math.min(min(measuredMs), min(predictedMs));
        double hi = Math.max(max(measuredMs), max(predictedMs));
        line(chart.addSeries("y = x", new double[] {lo, hi}, new double[] {lo, hi}));
        write(chart, png);
    }

    /** Test RMSE% against the number of training rows (paper Figure 4b). */
    public static void sizeCurve(SizeCurve curve, String title, Path png) throws IOException {
        if (curve.points().isEmpty()) {
            throw new IllegalArgumentException("a size curve without points cannot be plotted");
        }
        double[] sizes = curve.points().stream().mapToDouble(SizeCurve.Point::trainRows).toArray();
        double[] rmse = curve.points().stream().mapToDouble(p -> p.evaluation().rmsePercent()).toArray();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("training rows").yAxisTitle("test RMSE (%)").build();
        XYSeries series = chart.addSeries("RMSE %", sizes, rmse);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.CIRCLE);
        write(chart, png);
    }

    private static void line(XYSeries series) {
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
    }

    private static void write(XYChart chart, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    private static double min(double[] values) {
        return java.util.Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(1);
    }
}
