package io.latnas.search;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The paper's "predictor with memoization" (§5.6): remembers the latency of every architecture it
 * has answered for, so that a child the search has seen before costs a lookup rather than a
 * prediction or a measurement. Each batch asks the wrapped evaluator once, for the architectures
 * neither remembered nor repeated earlier in the same batch.
 *
 * <p>Bounded by a Caffeine cache of {@code maximumSize} entries keyed by architecture and batch
 * size. A repeat within one batch counts as a hit, since the wrapped evaluator is not asked about
 * it. Thread-safe; two batches racing on the same new architecture may both ask for it.
 */
public final class MemoizingLatencyEvaluator implements LatencyEvaluator {

    private record Key(Architecture arch, int batchSize) {
    }

    private final LatencyEvaluator delegate;
    private final long maximumSize;
    private final Cache<Key, Double> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @throws InvalidInputException when {@code maximumSize} is not positive
     */
    public MemoizingLatencyEvaluator(LatencyEvaluator delegate, long maximumSize) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (maximumSize < 1) {
            throw new InvalidInputException("memo-cache-size", "memo-cache-size must be positive, got " + maximumSize);
        }
        this.maximumSize = maximumSize;
        // Maintenance on the calling thread, so that evictions are counted as soon as they happen.
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).recordStats().build();
    }

    /** Wraps {@code delegate} as the settings say: memoised with {@code memo-cache-size} entries, or as it is when that is 0. */
    public static LatencyEvaluator wrap(LatencyEvaluator delegate, SearchSettings settings) {
        return settings.memoCacheSize() == 0 ? delegate : new MemoizingLatencyEvaluator(delegate, settings.memoCacheSize());
    }

    public LatencyEvaluator delegate() {
        return delegate;
    }

    public long maximumSize() {
        return maximumSize;
    }

    @Override
    public double[] latenciesMs(List<Architecture> archs, int batchSize) {
        double[] out = new double[archs.size()];
        Map<Key, List<Integer>> pending = new HashMap<>();
        List<Architecture> missing = new ArrayList<>();
        long batchHits = 0;
        for (int i = 0; i < out.length; i++) {
            Key key = new Key(archs.get(i), batchSize);
            Double known = cache.getIfPresent(key);
            if (known != null) {
                out[i] = known;
                batchHits++;
                continue;
            }
            List<Integer> slots = pending.get(key);
            if (slots != null) {
                slots.add(i);
                batchHits++;
            } else {
                slots = new ArrayList<>(1);
                slots.add(i);
                pending.put(key, slots);
                missing.add(key.arch());
            }
        }
        hits.add(batchHits);
        misses.add(missing.size());
        if (missing.isEmpty()) {
            return out;
        }
        double[] computed = delegate.latenciesMs(missing, batchSize);
        if (computed.length != missing.size()) {
            throw new IllegalStateException(delegate + " answered " + computed.length + " latencies for "
                    + missing.size() + " architectures");
        }
        for (int m = 0; m < computed.length; m++) {
            Key key = new Key(missing.get(m), batchSize);
            cache.put(key, computed[m]);
            for (int slot : pending.get(key)) {
                out[slot] = computed[m];
            }
        }
        return out;
    }

    @Override
    public EvaluatorStats stats() {
        long h = hits.sum();
        long m = misses.sum();
        return new EvaluatorStats(h + m, h, m, cache.stats().evictionCount());
    }

    /** Architectures (per batch size) remembered now. */
    public long size() {
        return cache.estimatedSize();
    }

    /** Forgets everything remembered; the counts stay. */
    public void clear() {
        cache.invalidateAll();
    }

    @Override
    public String toString() {
        return "MemoizingLatencyEvaluator[" + maximumSize + " entries over " + delegate + "]";
    }
}
