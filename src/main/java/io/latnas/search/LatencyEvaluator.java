package io.latnas.search;

import io.latnas.space.Architecture;

import java.util.List;

/**
 * The search's efficiency predictor: latencies of a whole batch of candidates on one hardware
 * target, in one call, so that a generation can be handed to a pool of predictors at once. The
 * search never asks where the numbers come from (a simulated device, a lookup table, a trained
 * predictor, a meter).
 *
 * <p>Implementations must be safe to call from several threads, and must answer the same
 * architecture the same way within one search when the search is to be repeatable.
 */
public interface LatencyEvaluator {

    /**
     * Latency in milliseconds of each architecture on a batch of {@code batchSize} images, in the
     * order given; the array has one entry per architecture. The list may hold repeats.
     */
    double[] latenciesMs(List<Architecture> archs, int batchSize);

    /** What this evaluator has done so far; {@link EvaluatorStats#NONE} when it keeps no count. */
    default EvaluatorStats stats() {
        return EvaluatorStats.NONE;
    }
}
