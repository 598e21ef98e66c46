package io.latnas.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.inference.BatchLatencyModel;
import io.latnas.inference.LatencyCache;
import io.latnas.inference.LatencySourceModel;
import io.latnas.latency.SimulatedDevice;
import io.latnas.runtime.LatnasNode;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.predict.PredictorPoolSettings;
import io.latnas.runtime.search.SearchResources;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of a {@link PredictorPool} (2 workers on the blocking dispatcher) serving the simulated RTX
 * 2080 Ti as a model, asked by 4 concurrent callers, each waiting for its reply before asking again
 * (the way a search's fan-out or an HTTP handler asks). The {@code predictions} counter is architectures
 * answered per second.
 *
 * <ul>
 *   <li>{@code cache=misses}: the pool's cache is off (size 0), so every architecture is a model call.</li>
 *   <li>{@code cache=hits}: a warmed cache holds every architecture asked for; no model call at all.</li>
 *   <li>{@code modelDirect}: the model called on the caller's thread, no actors: the ceiling.</li>
 * </ul>
 *
 * <pre>scripts/jmh PredictorPool -f 1 -wi 2 -i 3 -w 2 -r 3</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
@Threads(4)
@State(Scope.Benchmark)
public class PredictorPoolBenchmark {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SearchSpace SPACE = SearchSpaces.OFA_W10;
    private static final int WARM_ARCHITECTURES = 20_000;

    @Param({"1", "100"})
    public int architecturesPerRequest;

    @Param({"misses", "hits"})
    public String cache;

    @Param({"0"})
    public int batchWindowMs;

    private ActorTestKit testKit;
    private BatchLatencyModel model;
    private ActorRef<PredictorPool.Command> pool;
    private List<Architecture> warm;

    /** Architectures answered. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counts {
        public long predictions;
    }

    /** Each caller's own architectures: distinct from every other caller's when the cache is off. */
    @State(Scope.Thread)
    public static class Caller {
        private List<Architecture> archs;
        private int next;

        @Setup(Level.Trial)
        public void draw(PredictorPoolBenchmark bench) {
            if (bench.cache.equals("hits")) {
                archs = bench.warm;
                next = new SplittableRandom(Thread.currentThread().getId()).nextInt(archs.size());
            } else {
                SplittableRandom rng = new SplittableRandom(Thread.currentThread().getId() * 7919L);
                archs = new ArrayList<>(WARM_ARCHITECTURES);
                for (int i = 0; i < WARM_ARCHITECTURES; i++) {
                    archs.add(SPACE.sample(rng));
                }
            }
        }

        List<Architecture> nextRequest(int size) {
            List<Architecture> request = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                request.add(archs.get(next));
                next = (next + 1) % archs.size();
            }
            return request;
        }
    }

    @Setup(Level.Trial)
    public void start() {
        Config config = LatnasNode.embedded(ConfigFactory.load());
        testKit = ActorTestKit.create("PredictorPoolBenchmark", config);
        SearchResources resources = SearchResources.fromConfig(config);
        model = new LatencySourceModel(SimulatedDevice.forSpace(resources.hardware().byId("rtx2080ti"), SPACE,
                resources.simulation()), SPACE);
        long cacheSize = cache.equals("hits") ? 1_000_000 : 0;
        pool = testKit.spawn(PredictorPool.create(new PredictorPoolSettings(2, Duration.ofMillis(batchWindowMs), 256,
                cacheSize, "latnas.blocking-dispatcher", List.of()), new LatencyCache(cacheSize), served -> {
                    throw new IllegalStateException("models are registered by the benchmark");
                }));
        TestProbe<PredictorPool.ModelRegistered> registered = testKit.createTestProbe();
        pool.tell(new PredictorPool.RegisterModel(model, registered.ref()));
        registered.receiveMessage(WAIT);
        SplittableRandom rng = new SplittableRandom(1);
        warm = new ArrayList<>(WARM_ARCHITECTURES);
        for (int i = 0; i < WARM_ARCHITECTURES; i++) {
            warm.add(SPACE.sample(rng));
        }
        if (cache.equals("hits")) {
            for (int from = 0; from < warm.size(); from += 200) {
                ask(warm.subList(from, Math.min(warm.size(), from + 200)));
            }
        }
    }

    /** Prints how far requests were merged: architectures per model call. */
    @TearDown(Level.Trial)
    public void stop() {
        PredictorPool.PoolStatus status = AskPattern.<PredictorPool.Command, PredictorPool.PoolStatus>ask(pool,
                PredictorPool.GetPoolStatus::new, WAIT, testKit.scheduler()).toCompletableFuture().join();
        System.out.printf("%npool: %d requests, %d model calls, %.1f architectures per call, cache hit rate %.3f%n",
                status.requests(), status.modelCalls(),
                status.modelCalls() == 0 ? 0.0 : (double) status.predictions() / status.modelCalls(),
                status.cacheHitRate());
        testKit.shutdownTestKit();
    }

    @Benchmark
    public PredictorPool.PredictReply predict(Caller caller, Counts counts) {
        PredictorPool.PredictReply reply = ask(caller.nextRequest(architecturesPerRequest));
        counts.predictions += architecturesPerRequest;
        return reply;
    }

    @Benchmark
    public double[] modelDirect(Caller caller, Counts counts) {
        double[] ms = model.predictMs(caller.nextRequest(architecturesPerRequest), 1);
        counts.predictions += architecturesPerRequest;
        return ms;
    }

    private PredictorPool.PredictReply ask(List<Architecture> archs) {
        PredictorPool.PredictReply reply = AskPattern.<PredictorPool.Command, PredictorPool.PredictReply>ask(pool,
                replyTo -> new PredictorPool.Predict(model.id(), 1, List.copyOf(archs), replyTo), WAIT,
                testKit.scheduler()).toCompletableFuture().join();
        if (!(reply instanceof PredictorPool.Predicted)) {
            throw new IllegalStateException("prediction failed: " + reply);
        }
        return reply;
    }
}
