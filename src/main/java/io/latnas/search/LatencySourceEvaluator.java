package io.latnas.search;

import io.latnas.latency.LatencySource;
import io.latnas.space.Architecture;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link LatencySource} (simulated device, lookup table, replay, meter) seen as the search's
 * {@link LatencyEvaluator}: each batch goes to {@link LatencySource#latenciesMs} as it is.
 * Counts the architectures it is asked about.
 */
public final class LatencySourceEvaluator implements LatencyEvaluator {

    private final LatencySource source;
    private final LongAdder evaluations = new LongAdder();

    public LatencySourceEvaluator(LatencySource source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    public LatencySource source() {
        return source;
    }

    @Override
    public double[] latenciesMs(List<Architecture> archs, int batchSize) {
        double[] latencies = source.latenciesMs(archs, batchSize);
        evaluations.add(archs.size());
        return latencies;
    }

    @Override
    public EvaluatorStats stats() {
        return new EvaluatorStats(evaluations.sum(), 0, 0, 0);
    }

    @Override
    public String toString() {
        return "LatencySourceEvaluator[" + source.hardwareId() + ", " + source.kind() + "]";
    }
}
