package io.latnas.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.accuracy.SurrogateAccuracy;
import io.latnas.inference.LatencyCache;
import io.latnas.latency.SimulatedDevice;
import io.latnas.runtime.LatnasNode;
import io.latnas.runtime.predict.CountingModel;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.predict.PredictorPoolSettings;
import io.latnas.runtime.search.SearchResources;
import io.latnas.runtime.search.SearchSpec;
import io.latnas.runtime.search.SearchState;
import io.latnas.runtime.search.SearchSupervisor;
import io.latnas.runtime.search.SearchSupervisorSettings;
import io.latnas.search.EvolutionFinder;
import io.latnas.search.LatencySourceEvaluator;
import io.latnas.search.MemoizingLatencyEvaluator;
import io.latnas.search.SearchRequest;
import io.latnas.search.SearchResult;
import io.latnas.search.SearchSettings;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whole searches through the actor runtime, as §5.6 of the paper runs them: OFA's evolutionary search
 * (population 100, 500 generations) for one latency constraint on a simulated RTX 2080 Ti, latencies
 * from a {@link PredictorPool} serving the simulated device as a model (standing in for the MLP
 * predictor), accuracy from the surrogate.
 *
 * <ul>
 *   <li>{@code oneSearch}: one search submitted to a {@link SearchSupervisor}, from acceptance to its
 *       end, per {@code strategy} (predictor+memo, predictor, simulated) and pool {@code batchWindowMs}.</li>
 *   <li>{@code eightConcurrentSearches}: eight searches (seeds 1..8) submitted at once to a supervisor
 *       that runs them all concurrently, through one pool; total wall time until the last ends.</li>
 *   <li>{@code directFinder}: the same search without actors, the finder calling a memoised simulated
 *       device on the benchmark thread: the floor the runtime's overhead is measured against.</li>
 * </ul>
 * Each iteration gets a fresh pool (an empty node-wide cache) and supervisor.
 *
 * <pre>
 * scripts/jmh SearchService -f 1 -wi 1 -i 3
 * scripts/jmh 'SearchServiceBenchmark.oneSearch' -p strategy=predictor+memo -p batchWindowMs=0
 * </pre>
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@State(Scope.Benchmark)
public class SearchServiceBenchmark {

    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final SearchSpace SPACE = SearchSpaces.OFA_W10;
    private static final double CONSTRAINT_MS = 12;
    private static final int POPULATION = 100;
    private static final int GENERATIONS = 500;

    @Param({"predictor+memo", "predictor", "simulated"})
    public String strategy;

    @Param({"0", "1"})
    public int batchWindowMs;

    private final AtomicInteger iteration = new AtomicInteger();
    private ActorTestKit testKit;
    private SearchResources resources;
    private SimulatedDevice device;
    private String modelId;
    private ActorRef<PredictorPool.Command> pool;
    private ActorRef<SearchSupervisor.Command> supervisor;

    /** Per-search counts, summed over the searches of an operation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Counts {
        public long latencyEvaluations;
        public long cacheHits;
    }

    @Setup(Level.Trial)
    public void startNode() {
        Config config = ConfigFactory.parseString("latnas.search-dispatcher.thread-pool-executor.fixed-pool-size = 8")
                .withFallback(LatnasNode.embedded(ConfigFactory.load()));
        testKit = ActorTestKit.create("SearchServiceBenchmark", config);
        resources = SearchResources.fromConfig(config);
        device = SimulatedDevice.forSpace(resources.hardware().byId("rtx2080ti"), SPACE, resources.simulation());
    }

    @Setup(Level.Iteration)
    public void freshPoolAndSupervisor() {
        modelId = "simulated-bench-" + iteration.incrementAndGet() + ":rtx2080ti@" + SPACE.id();
        PredictorPoolSettings poolSettings = new PredictorPoolSettings(2, Duration.ofMillis(batchWindowMs), 256,
                200_000, "latnas.blocking-dispatcher", List.of());
        pool = testKit.spawn(PredictorPool.create(poolSettings, new LatencyCache(poolSettings.cacheSize()),
                served -> {
                    throw new IllegalStateException("models are registered by the benchmark");
                }));
        TestProbe<PredictorPool.ModelRegistered> registered = testKit.createTestProbe();
        pool.tell(new PredictorPool.RegisterModel(new CountingModel(modelId, device, SPACE), registered.ref()));
        registered.receiveMessage(WAIT);
        supervisor = testKit.spawn(SearchSupervisor.create(SearchSupervisorSettings.DEFAULTS.withLimits(8, 8),
                resources));
    }

    @TearDown(Level.Iteration)
    public void stopPoolAndSupervisor() {
        testKit.stop(supervisor, WAIT);
        testKit.stop(pool, WAIT);
    }

    @TearDown(Level.Trial)
    public void stopNode() {
        testKit.shutdownTestKit();
    }

    @Benchmark
    public SearchSupervisor.SearchInfo oneSearch(Counts counts) {
        return awaitEnd(start(1), counts);
    }

    @Benchmark
    public List<SearchSupervisor.SearchInfo> eightConcurrentSearches(Counts counts) {
        List<String> ids = new ArrayList<>();
        for (int seed = 1; seed <= 8; seed++) {
            ids.add(start(seed));
        }
        List<SearchSupervisor.SearchInfo> ended = new ArrayList<>();
        for (String id : ids) {
            ended.add(awaitEnd(id, counts));
        }
        return ended;
    }

    @Benchmark
    public SearchResult directFinder(Counts counts) {
        SearchSettings settings = resources.search().withBudget(POPULATION, GENERATIONS);
        EvolutionFinder finder = new EvolutionFinder(new MemoizingLatencyEvaluator(new LatencySourceEvaluator(device),
                settings.memoCacheSize()), SurrogateAccuracy.forSpace(SPACE), settings);
        SearchResult result = finder.search(new SearchRequest(SPACE, List.of(CONSTRAINT_MS), 1, 1));
        counts.latencyEvaluations += result.evaluatorStats().evaluations();
        counts.cacheHits += result.evaluatorStats().cacheHits();
        return result;
    }

    private String start(long seed) {
        TestProbe<SearchSupervisor.StartReply> reply = testKit.createTestProbe();
        supervisor.tell(new SearchSupervisor.StartSearch(new SearchSpec(SPACE.id(), "rtx2080ti", 1,
                List.of(CONSTRAINT_MS), strategy, modelId, POPULATION, GENERATIONS, seed), reply.ref()));
        SearchSupervisor.StartReply answer = reply.receiveMessage(WAIT);
        if (!(answer instanceof SearchSupervisor.SearchAccepted accepted)) {
            throw new IllegalStateException("search not accepted: " + answer);
        }
        return accepted.searchId();
    }

    private SearchSupervisor.SearchInfo awaitEnd(String id, Counts counts) {
        TestProbe<SearchSupervisor.SearchEvent> events = testKit.createTestProbe();
        supervisor.tell(new SearchSupervisor.SubscribeSearch(id, events.ref()));
        List<SearchSupervisor.SearchEvent> seen = events.fishForMessage(WAIT,
                e -> e instanceof SearchSupervisor.SearchEnded ? FishingOutcomes.complete()
                        : FishingOutcomes.continueAndIgnore());
        SearchSupervisor.SearchInfo info = ((SearchSupervisor.SearchEnded) seen.get(seen.size() - 1)).info();
        if (info.state() != SearchState.DONE) {
            throw new IllegalStateException("search " + id + " ended " + info.state() + ": " + info.failure());
        }
        counts.latencyEvaluations += info.result().latencyEvaluations();
        counts.cacheHits += info.result().cacheHits();
        return info;
    }
}
