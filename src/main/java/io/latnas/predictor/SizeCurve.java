package io.latnas.predictor;

import java.util.ArrayList;
import java.util.List;

/**
 * Test error against training set size (paper §5.1, Figure 4b: the "elbow" at 4,000 rows): one
 * predictor per size, each trained on the first rows of the same training set and graded on the
 * same test set.
 */
public record SizeCurve(List<Point> points) {

    /** One training run: how many training rows it had and how it scored on the test set. */
    public record Point(int trainRows, Evaluation evaluation) {
    }

    public SizeCurve {
        points = List.copyOf(points);
    }

    /**
     * Trains one predictor per size.
     *
     * @throws IllegalArgumentException when a size exceeds the training set
     */
    public static SizeCurve measure(MlpLatencyTrainer trainer, SampleSplit split, int... trainSizes) {
        List<Point> points = new ArrayList<>();
        for (int size : trainSizes) {
            MlpLatencyPredictor p = trainer.train(split.withTrainingRows(size));
            points.add(new Point(size, p.evaluation()));
        }
        return new SizeCurve(points);
    }
}
