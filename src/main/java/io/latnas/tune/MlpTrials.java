package io.latnas.tune;

import io.latnas.common.InvalidInputException;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.SampleSplit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trials that train the paper's MLP on one split, scored by RMSE in ms on the validation rows.
 *
 * <p>{@link MlpLatencyTrainer} offers no way to continue a finished run (its optimiser state and
 * shuffling stream live inside one call), so each promotion retrains from scratch to the rung's
 * epochs with the same seed; a trial's result at a rung is what a fresh run of that length gives.
 * The last predictor of every trial is kept, so the winner need not be trained again.
 */
public final class MlpTrials implements TrialFactory {

    private final String encoderId;
    private final MlpHyperParameters base;
    private final SampleSplit split;
    private final Map<Integer, MlpLatencyPredictor> latest = new ConcurrentHashMap<>();

    public MlpTrials(String encoderId, MlpHyperParameters base, SampleSplit split) {
        this.encoderId = encoderId;
        this.base = base;
        this.split = split;
    }

    /** Retraining, not continuing: see the class comment. */
    public static boolean resumable() {
        return false;
    }

    @Override
    public Trial open(GridPoint point) {
        MlpHyperParameters hp = base.withLearningRate(point.learningRate())
                .withWeightDecay(point.weightDecay())
                .withMomentum(point.momentum());
        return epochs -> {
            try {
                MlpLatencyPredictor p = new MlpLatencyTrainer(encoderId, hp.withEpochs(epochs)).train(split);
                latest.put(point.index(), p);
                return p.evaluate(split.validation()).rmseMs();
            } catch (InvalidInputException diverged) {
                return Double.POSITIVE_INFINITY;
            }
        };
    }

    /** The predictor a configuration's last run produced. */
    public MlpLatencyPredictor predictorOf(GridPoint point) {
        MlpLatencyPredictor p = latest.get(point.index());
        if (p == null) {
            throw new IllegalStateException("configuration " + point + " never trained to a finite loss");
        }
        return p;
    }
}
