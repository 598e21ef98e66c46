package io.latnas.bench;

import com.typesafe.config.ConfigFactory;
import io.latnas.accuracy.SurrogateAccuracy;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.latency.SimulatedDevice;
import io.latnas.latency.SimulationSettings;
import io.latnas.search.EvaluatorStats;
import io.latnas.search.EvolutionFinder;
import io.latnas.search.LatencySourceEvaluator;
import io.latnas.search.MemoizingLatencyEvaluator;
import io.latnas.search.SearchRequest;
import io.latnas.search.SearchResult;
import io.latnas.search.SearchSettings;
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

import java.util.concurrent.TimeUnit;

/**
 * One whole OFA evolutionary search (the shipped settings: population 100, 500 generations) for
 * one latency constraint on a simulated Samsung Note 10, through a fresh memoising evaluator each
 * time, scored by the surrogate accuracy. This is the paper's §5.6 "predictor with memoization"
 * set-up with the simulator standing in for the predictor. Cache hits and misses are reported
 * per search as JMH auxiliary counters.
 *
 * <pre>scripts/jmh EvolutionSearch</pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class EvolutionSearchBenchmark {

    @Param({"ofa-mbv3-w1.0", "compofa-fixed"})
    public String space;

    /** The paper's five Note 10 constraints run 15 to 35 ms; 25 is the middle one. */
    @Param({"25"})
    public double constraintMs;

    private SearchSpace searchSpace;
    private SimulatedDevice device;
    private SearchSettings settings;
    private SurrogateAccuracy surrogate;
    private EvolutionFinder finder;
    private long seed;

    /** Per-search evaluator counts. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cache {
        public long cacheHits;
        public long cacheMisses;
    }

    @Setup(Level.Trial)
    public void load() {
        var config = ConfigFactory.load();
        searchSpace = SearchSpaces.byId(space);
        device = SimulatedDevice.forSpace(HardwareCatalog.fromConfig(config).byId("note10"), searchSpace,
                SimulationSettings.fromConfig(ConfigFactory.parseResources("simulation.conf")
                        .atPath(SimulationSettings.CONFIG_PATH)));
        settings = SearchSettings.fromConfig(ConfigFactory.parseResources("search.conf")
                .atPath(SearchSettings.CONFIG_PATH));
        surrogate = SurrogateAccuracy.forSpace(searchSpace);
    }

    @Setup(Level.Invocation)
    public void freshCache() {
        finder = new EvolutionFinder(new MemoizingLatencyEvaluator(new LatencySourceEvaluator(device),
                settings.memoCacheSize()), surrogate, settings);
        seed++;
    }

    @Benchmark
    public SearchResult search(Cache cache) {
        SearchResult result = finder.search(SearchRequest.of(searchSpace, settings, constraintMs).withSeed(seed));
        EvaluatorStats stats = result.evaluatorStats();
        cache.cacheHits += stats.cacheHits();
        cache.cacheMisses += stats.cacheMisses();
        return result;
    }
}
