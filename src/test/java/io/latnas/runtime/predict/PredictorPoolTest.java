package io.latnas.runtime.predict;

import io.latnas.inference.LatencyCache;
import io.latnas.inference.LatencySourceModel;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.space.Architecture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class PredictorPoolTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger MODELS = new AtomicInteger();
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("PredictorPoolTest", RuntimeFixtures.config());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static Architecture arch(int seed) {
        return RuntimeFixtures.SPACE.sample(new SplittableRandom(seed));
    }

    private static double simulated(Architecture arch) {
        return RuntimeFixtures.simulated().latencyMs(arch, 1);
    }

    private static CountingModel model() {
        return new CountingModel("test-model-" + MODELS.incrementAndGet(), RuntimeFixtures.simulated(),
                RuntimeFixtures.SPACE);
    }

    private static PredictorPoolSettings settings(int workers, Duration window, int maxBatch) {
        return new PredictorPoolSettings(workers, window, maxBatch, 10_000, "latnas.blocking-dispatcher", List.of());
    }

    /** A pool over its own cache, serving {@code model}. */
    private static ActorRef<PredictorPool.Command> pool(PredictorPoolSettings settings, CountingModel model) {
        ActorRef<PredictorPool.Command> pool = testKit.spawn(PredictorPool.create(settings,
                new LatencyCache(settings.cacheSize()), served -> {
                    throw new IllegalStateException("no configured models in this test");
                }));
        TestProbe<PredictorPool.ModelRegistered> registered = testKit.createTestProbe();
        pool.tell(new PredictorPool.RegisterModel(model, registered.ref()));
        registered.expectMessage(WAIT, new PredictorPool.ModelRegistered(model.id(), false));
        return pool;
    }

    private static PredictorPool.PoolStatus status(ActorRef<PredictorPool.Command> pool) {
        TestProbe<PredictorPool.PoolStatus> probe = testKit.createTestProbe();
        pool.tell(new PredictorPool.GetPoolStatus(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    /** Replies to requests 0 .. n-1, by request id. */
    private static Map<Long, PredictorPool.PredictReply> replies(TestProbe<PredictorPool.PredictReply> probe, int n) {
        Map<Long, PredictorPool.PredictReply> byId = new HashMap<>();
        for (int i = 0; i < n; i++) {
            PredictorPool.PredictReply reply = probe.receiveMessage(WAIT);
            byId.put(reply.requestId(), reply);
        }
        return byId;
    }

    @Test
    void mergesConcurrentRequestsIntoFewModelCallsAndAnswersEachRequesterItsOwnSlice() {
        CountingModel model = model();
        ActorRef<PredictorPool.Command> pool = pool(settings(2, Duration.ofMillis(500), 256), model);
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();

        for (int i = 0; i < 20; i++) {
            pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(i)), i, probe.ref()));
        }
        Map<Long, PredictorPool.PredictReply> replies = replies(probe, 20);

        for (int i = 0; i < 20; i++) {
            PredictorPool.Predicted predicted = (PredictorPool.Predicted) replies.get((long) i);
            assertThat(predicted.latenciesMs()).containsExactly(simulated(arch(i)));
            assertThat(predicted.misses()).isEqualTo(1);
        }
        assertThat(model.calls()).isLessThanOrEqualTo(2);
        assertThat(model.architectures()).isEqualTo(20);
    }

    @Test
    void aWindowClosesAsSoonAsMaxBatchArchitecturesWait() {
        CountingModel model = model();
        ActorRef<PredictorPool.Command> pool = pool(settings(2, Duration.ofMinutes(5), 5), model);
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();

        for (int i = 0; i < 10; i++) {
            pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(i)), i, probe.ref()));
        }

        assertThat(replies(probe, 10)).hasSize(10);
        assertThat(model.callSizes()).containsExactly(5, 5);
    }

    @Test
    void answersRepeatsFromTheCacheWithoutCallingTheModel() {
        CountingModel model = model();
        ActorRef<PredictorPool.Command> pool = pool(settings(2, Duration.ZERO, 256), model);
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();
        List<Architecture> archs = List.of(arch(1), arch(2), arch(3));
        pool.tell(new PredictorPool.Predict(model.id(), 1, archs, 1, probe.ref()));
        PredictorPool.Predicted first = probe.expectMessageClass(PredictorPool.Predicted.class, WAIT);

        pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(3), arch(1), arch(4)), 2, probe.ref()));
        PredictorPool.Predicted second = probe.expectMessageClass(PredictorPool.Predicted.class, WAIT);

        assertThat(first.hits()).isZero();
        assertThat(second.hits()).isEqualTo(2);
        assertThat(second.misses()).isEqualTo(1);
        assertThat(second.latenciesMs()).containsExactly(simulated(arch(3)), simulated(arch(1)), simulated(arch(4)));
        assertThat(model.architectures()).isEqualTo(4);
    }

    @Test
    void reportsItsCountsQueueAndCacheInItsStatus() {
        CountingModel model = model();
        ActorRef<PredictorPool.Command> pool = pool(settings(2, Duration.ZERO, 256), model);
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();
        pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(1), arch(2)), probe.ref()));
        probe.expectMessageClass(PredictorPool.Predicted.class, WAIT);
        pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(1)), probe.ref()));
        probe.expectMessageClass(PredictorPool.Predicted.class, WAIT);

        PredictorPool.PoolStatus status = status(pool);

        assertThat(status.models()).extracting(PredictorPool.ModelDescription::modelId).containsExactly(model.id());
        assertThat(status.workers()).isEqualTo(2);
        assertThat(status.busyWorkers()).isZero();
        assertThat(status.requests()).isEqualTo(2);
        assertThat(status.modelCalls()).isEqualTo(1);
        assertThat(status.predictions()).isEqualTo(2);
        assertThat(status.cacheHits()).isEqualTo(1);
        assertThat(status.cacheMisses()).isEqualTo(2);
        assertThat(status.cacheSize()).isEqualTo(2);
        assertThat(status.cacheHitRate()).isEqualTo(1.0 / 3);
        assertThat(status.queuedBatches()).isZero();
        assertThat(status.toMetrics()).containsEntry("latnas_predictor_cache_hits_total", 1L)
                .containsEntry("latnas_predictor_model_calls_total", 1L)
                .containsKey("latnas_predictor_queue_architectures");
    }

    @Test
    void batchesWaitInTheQueueWhileEveryWorkerIsBusy() {
        CountDownLatch gate = new CountDownLatch(1);
        CountingModel model = model().heldUntil(gate);
        ActorRef<PredictorPool.Command> pool = pool(settings(1, Duration.ZERO, 256), model);
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();
        try {
            pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(1)), 1, probe.ref()));
            probe.awaitAssert(WAIT, () -> {
                assertThat(model.calls()).isEqualTo(1);
                return null;
            });
            pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(2), arch(3)), 2, probe.ref()));

            probe.awaitAssert(WAIT, () -> {
                PredictorPool.PoolStatus status = status(pool);
                assertThat(status.busyWorkers()).isEqualTo(1);
                assertThat(status.inFlightBatches()).isEqualTo(1);
                assertThat(status.queuedBatches()).isEqualTo(1);
                assertThat(status.queuedArchitectures()).isEqualTo(2);
                return null;
            });
        } finally {
            gate.countDown();
        }
        assertThat(replies(probe, 2).values()).allMatch(r -> r instanceof PredictorPool.Predicted);
        assertThat(status(pool).queuedBatches()).isZero();
    }

    @Test
    void aModelFailureFailsOnlyTheRequestsThatAskedForTheArchitectureAtFault() {
        Architecture bad = arch(666);
        CountingModel model = model().failing(bad::equals);
        ActorRef<PredictorPool.Command> pool = pool(settings(2, Duration.ofMillis(300), 256), model);
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();

        pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(1), bad), 1, probe.ref()));
        pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(2), arch(3)), 2, probe.ref()));
        Map<Long, PredictorPool.PredictReply> replies = replies(probe, 2);

        assertThat(replies.get(1L)).isInstanceOf(PredictorPool.PredictionFailed.class);
        assertThat(((PredictorPool.PredictionFailed) replies.get(1L)).reason())
                .contains(model.id(), "scripted failure");
        assertThat(((PredictorPool.Predicted) replies.get(2L)).latenciesMs())
                .containsExactly(simulated(arch(2)), simulated(arch(3)));
        assertThat(status(pool).failedRequests()).isEqualTo(1);
    }

    @Test
    void reportsANaNAnswerAsAFailureAndDoesNotCacheIt() {
        Architecture odd = arch(7);
        CountingModel model = model().answeringNaN(odd::equals);
        ActorRef<PredictorPool.Command> pool = pool(settings(1, Duration.ZERO, 256), model);
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();

        pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(odd), probe.ref()));

        assertThat(probe.expectMessageClass(PredictorPool.PredictionFailed.class, WAIT).reason())
                .contains("NaN", "not a latency");
        assertThat(status(pool).cacheSize()).isZero();
    }

    @Test
    void refusesUnknownModelsBadBatchSizesAndArchitecturesOfAnotherSpace() {
        CountingModel model = model();
        ActorRef<PredictorPool.Command> pool = pool(settings(1, Duration.ZERO, 256), model);
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();

        pool.tell(new PredictorPool.Predict("nope", 1, List.of(arch(1)), probe.ref()));
        assertThat(probe.expectMessageClass(PredictorPool.PredictionFailed.class, WAIT).reason())
                .contains("unknown model 'nope'", model.id());
        pool.tell(new PredictorPool.Predict(model.id(), 0, List.of(arch(1)), probe.ref()));
        assertThat(probe.expectMessageClass(PredictorPool.PredictionFailed.class, WAIT).reason())
                .contains("batch size 0");
        Architecture outside = Architecture.uniform(3, 3, 2, 1000);
        pool.tell(new PredictorPool.Predict(model.id(), 1, List.of(arch(1), outside), probe.ref()));
        assertThat(probe.expectMessageClass(PredictorPool.PredictionFailed.class, WAIT).reason())
                .contains("architecture 1 is not in model " + model.id() + "'s space", "r=1000");
        assertThat(model.calls()).isZero();
    }

    @Test
    void registersUnderItsServiceKeyAndEachModelsKeyAndDescribesItsModels() {
        CountingModel model = model();
        ActorRef<PredictorPool.Command> pool = pool(settings(1, Duration.ZERO, 256), model);
        ServiceKey<PredictorPool.Command> key = PredictorPool.modelKey(model.id());
        TestProbe<Receptionist.Listing> listings = testKit.createTestProbe();

        testKit.system().receptionist().tell(Receptionist.subscribe(key, listings.ref()));
        listings.fishForMessage(WAIT, l -> l.getServiceInstances(key).contains(pool)
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        testKit.system().receptionist().tell(Receptionist.subscribe(PredictorPool.SERVICE_KEY, listings.ref()));
        listings.fishForMessage(WAIT, l -> l.isForKey(PredictorPool.SERVICE_KEY)
                && l.getServiceInstances(PredictorPool.SERVICE_KEY).contains(pool)
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());

        TestProbe<PredictorPool.ModelReply> described = testKit.createTestProbe();
        pool.tell(new PredictorPool.DescribeModel(model.id(), described.ref()));
        described.expectMessage(WAIT, new PredictorPool.ModelDescription(model.id(), model.hardwareId(),
                RuntimeFixtures.SPACE.id(), java.util.Arrays.stream(RuntimeFixtures.SPACE.resolutions()).boxed()
                .toList()));
        pool.tell(new PredictorPool.DescribeModel("nope", described.ref()));
        described.expectMessage(WAIT, new PredictorPool.UnknownModel("nope", List.of(model.id())));
    }

    @Test
    void servesTheConfiguredModelsOnceOpenedAndForgetsAReplacedModelsAnswers() {
        ServedModel served = new ServedModel(RuntimeFixtures.simulated().hardwareId(), "simulated",
                RuntimeFixtures.SPACE);
        LatencyCache cache = new LatencyCache(100);
        ActorRef<PredictorPool.Command> pool = testKit.spawn(PredictorPool.create(settings(1, Duration.ZERO, 256)
                .withModels(List.of(served)), cache, m -> new LatencySourceModel(RuntimeFixtures.simulated(),
                m.space())));
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();
        ServiceKey<PredictorPool.Command> key = PredictorPool.modelKey("simulated:rtx2080ti@ofa-mbv3-w1.0");
        TestProbe<Receptionist.Listing> listings = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.subscribe(key, listings.ref()));
        listings.fishForMessage(WAIT, l -> l.getServiceInstances(key).contains(pool)
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());

        pool.tell(new PredictorPool.Predict(served.id(), 1, List.of(arch(1)), probe.ref()));
        assertThat(probe.expectMessageClass(PredictorPool.Predicted.class, WAIT).latenciesMs())
                .containsExactly(simulated(arch(1)));
        assertThat(cache.stats().size()).isEqualTo(1);

        TestProbe<PredictorPool.ModelRegistered> registered = testKit.createTestProbe();
        pool.tell(new PredictorPool.RegisterModel(new CountingModel(served.id(), RuntimeFixtures.simulated(),
                RuntimeFixtures.SPACE), registered.ref()));
        registered.expectMessage(WAIT, new PredictorPool.ModelRegistered(served.id(), true));
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void spreadsBatchesOverItsWorkers() {
        CountDownLatch gate = new CountDownLatch(1);
        CountingModel model = model().heldUntil(gate);
        ActorRef<PredictorPool.Command> pool = pool(settings(2, Duration.ZERO, 2), model);
        TestProbe<PredictorPool.PredictReply> probe = testKit.createTestProbe();
        List<Architecture> archs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            archs.add(arch(100 + i));
        }
        try {
            pool.tell(new PredictorPool.Predict(model.id(), 1, archs, probe.ref()));
            probe.awaitAssert(WAIT, () -> {
                assertThat(model.calls()).isEqualTo(2);
                return null;
            });
        } finally {
            gate.countDown();
        }
        assertThat(probe.expectMessageClass(PredictorPool.Predicted.class, WAIT).latenciesMs()).hasSize(4);
    }
}
