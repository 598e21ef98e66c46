package io.latnas.generalise;

import io.latnas.common.InvalidInputException;
import io.latnas.predictor.Evaluation;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.SampleSplit;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.Arrays;

/**
 * Leave-one-GPU-out evaluation of a GPU-generalised predictor (paper §4.3). For each GPU of the
 * folds, a predictor trains on the background rows plus the other folds' GPUs, then is scored on the
 * held-out GPU's evaluation rows per batch size: zero-shot (the GPU known by its specs only) and
 * few-shot, calibrated by {@link ScaleCalibration} on k seeded samples from the GPU's shot rows.
 */
public final class LeaveOneGpuOut {

    /** Training rows' share for the validation loss that picks the best epoch; the rest is the trainer's test set. */
    private static final double TRAIN_FRACTION = 0.85;
    private static final double VALIDATION_FRACTION = 0.1;

    private final String encoderId;
    private final MlpHyperParameters hyperParameters;
    private final List<Integer> shots;

    public LeaveOneGpuOut(String encoderId, MlpHyperParameters hyperParameters, List<Integer> shots) {
        this.encoderId = encoderId;
        this.hyperParameters = hyperParameters;
        this.shots = List.copyOf(shots);
    }

    /** One fold: the predictor trained without {@code gpuId} and its results. */
    public record Fold(String gpuId, MlpLatencyPredictor predictor, List<HeldOutResult> results) {
    }

    /**
     * @param background rows always trained on (simulated catalog GPUs)
     * @param folds      rows of the GPUs held out in turn; the others' rows train
     * @param shotRows   rows of the fold GPUs that few-shot calibration may draw on (never evaluated)
     * @param evaluation rows of the fold GPUs to score on
     */
    public List<Fold> run(LatencySamples background, LatencySamples folds, LatencySamples shotRows,
                          LatencySamples evaluation) {
        List<Fold> out = new ArrayList<>();
        for (String gpu : folds.hardwareIdSet()) {
            out.add(fold(gpu, background, folds, shotRows, evaluation));
        }
        return out;
    }

    /** Trains without {@code gpu} and scores on it. */
    public Fold fold(String gpu, LatencySamples background, LatencySamples folds, LatencySamples shotRows,
                     LatencySamples evaluation) {
        LatencySamples train = GpuRows.concat(background, GpuRows.onGpu(folds, gpu, false));
        if (train.hardwareIdSet().contains(gpu)) {
            throw new InvalidInputException("hardware", "background rows contain held-out GPU " + gpu);
        }
        SampleSplit split = SampleSplit.random(train, hyperParameters.seed(), TRAIN_FRACTION, VALIDATION_FRACTION);
        MlpLatencyPredictor predictor = new MlpLatencyTrainer(encoderId, hyperParameters).train(split);
        List<HeldOutResult> results = new ArrayList<>();
        LatencySamples held = GpuRows.onGpu(evaluation, gpu, true);
        for (int batch : held.batchSizeSet()) {
            LatencySamples target = GpuRows.onTarget(evaluation, gpu, batch);
            double[] measured = target.latenciesMs();
            double[] predicted = predictor.predictMs(target);
            results.add(new HeldOutResult(gpu, batch, 0, 1.0, Evaluation.of(measured, predicted)));
            LatencySamples pool = GpuRows.onTarget(shotRows, gpu, batch);
            for (int k : shots) {
                if (k > pool.size()) {
                    continue;
                }
                LatencySamples drawn = pool.select(draw(pool.size(), k, hyperParameters.seed() + k));
                double scale = ScaleCalibration.fit(drawn.latenciesMs(), predictor.predictMs(drawn));
                double[] calibrated = predicted.clone();
                for (int i = 0; i < calibrated.length; i++) {
                    calibrated[i] *= scale;
                }
                results.add(new HeldOutResult(gpu, batch, k, scale, Evaluation.of(measured, calibrated)));
            }
        }
        return new Fold(gpu, predictor, results);
    }

    /** {@code k} distinct row indices out of {@code n}, seeded. */
    private static int[] draw(int n, int k, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < k; i++) {
            int j = i + rng.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, k);
    }
}
