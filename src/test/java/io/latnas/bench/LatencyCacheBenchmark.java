package io.latnas.bench;

import io.latnas.inference.LatencyCache;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A cached prediction in process: one lookup in the node-wide {@link LatencyCache} (Caffeine), the path a
 * repeated architecture takes in the predictor pool before any actor hop or model call. The score is
 * lookups per second; the target is at least 1,000,000.
 *
 * <ul>
 *   <li>{@code hit}: every architecture asked for is cached (a warmed cache of {@code entries}).</li>
 *   <li>{@code missThenPut}: none is; the lookup misses and the answer is stored, as after a model call
 *       (the cache is bounded, so Caffeine evicts as it goes).</li>
 * </ul>
 *
 * <pre>scripts/jmh LatencyCacheBenchmark -f 1 -wi 2 -i 3
 * scripts/jmh LatencyCacheBenchmark -f 1 -wi 2 -i 3 -t 2</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class LatencyCacheBenchmark {

    private static final String MODEL = "simulated:rtx2080ti@ofa-mbv3-w1.0";
    private static final SearchSpace SPACE = SearchSpaces.OFA_W10;

    /** Cached architectures; the shipped latnas.runtime.predictor-pool.cache-size is 200,000. */
    @Param({"200000"})
    public int entries;

    private LatencyCache cache;
    private List<Architecture> cached;

    /** Each caller's place in the cached architectures, and its own uncached ones. */
    @State(Scope.Thread)
    public static class Caller {
        private int next;
        private List<Architecture> fresh;
        private int nextFresh;

        @Setup(Level.Trial)
        public void draw(LatencyCacheBenchmark bench) {
            next = new SplittableRandom(Thread.currentThread().getId()).nextInt(bench.cached.size());
            SplittableRandom rng = new SplittableRandom(Thread.currentThread().getId() * 7919L);
            // Four times the cache: by the time one comes round again it has been evicted.
            fresh = new ArrayList<>(4 * bench.entries);
            for (int i = 0; i < 4 * bench.entries; i++) {
                fresh.add(SPACE.sample(rng));
            }
        }
    }

    /** Lookups of {@code missThenPut} that missed, to show that it measures misses. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Misses {
        public long misses;
    }

    @Setup(Level.Trial)
    public void fill() {
        cache = new LatencyCache(entries);
        SplittableRandom rng = new SplittableRandom(1);
        cached = new ArrayList<>(entries);
        for (int i = 0; i < entries; i++) {
            Architecture arch = SPACE.sample(rng);
            cached.add(arch);
            cache.put(MODEL, arch, 1, 5 + i % 20);
        }
    }

    @Benchmark
    public double hit(Caller caller) {
        double ms = cache.get(MODEL, cached.get(caller.next), 1);
        caller.next = caller.next + 1 == cached.size() ? 0 : caller.next + 1;
        return ms;
    }

    @Benchmark
    public double missThenPut(Caller caller, Misses misses) {
        Architecture arch = caller.fresh.get(caller.nextFresh);
        caller.nextFresh = caller.nextFresh + 1 == caller.fresh.size() ? 0 : caller.nextFresh + 1;
        double ms = cache.get(MODEL, arch, 1);
        if (Double.isNaN(ms)) {
            misses.misses++;
            ms = 10.0;
            cache.put(MODEL, arch, 1, ms);
        }
        return ms;
    }
}
