package io.latnas.runtime.search;

import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.space.Architecture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GenerationFanOutTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("GenerationFanOutTest", RuntimeFixtures.config());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static Architecture arch(int seed) {
        return RuntimeFixtures.SPACE.sample(new SplittableRandom(seed));
    }

    private static GenerationFanOut.Answer answer(CompletableFuture<GenerationFanOut.Answer> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static CompletableFuture<GenerationFanOut.Answer> fanOut(List<Architecture> archs,
                                                                     GenerationFanOut.Workers workers,
                                                                     Duration replyTimeout) {
        CompletableFuture<GenerationFanOut.Answer> future = new CompletableFuture<>();
        testKit.spawn(GenerationFanOut.create(archs, 1, workers, new GenerationFanOut.Timing(replyTimeout, 3), future));
        return future;
    }

    private static void predicted(PredictorPool.Predict request, int hits) {
        double[] ms = request.architectures().stream().mapToDouble(a -> a.resolution() / 10.0).toArray();
        request.replyTo().tell(new PredictorPool.Predicted(request.modelId(), request.batchSize(), request.requestId(),
                ms, hits, request.architectures().size() - hits));
    }

    @Test
    void splitsIntoChunksSpreadOverPoolsAndPutsTheAnswersBackInOrder() throws Exception {
        TestProbe<PredictorPool.Command> a = testKit.createTestProbe();
        TestProbe<PredictorPool.Command> b = testKit.createTestProbe();
        List<Architecture> archs = List.of(arch(1), arch(2), arch(3), arch(1), arch(4));

        CompletableFuture<GenerationFanOut.Answer> future = fanOut(archs,
                new GenerationFanOut.Pools("m", List.of(a.ref(), b.ref()), 2), WAIT);
        PredictorPool.Predict first = a.expectMessageClass(PredictorPool.Predict.class, WAIT);
        PredictorPool.Predict second = b.expectMessageClass(PredictorPool.Predict.class, WAIT);
        predicted(second, 1);
        predicted(first, 2);

        assertThat(first.architectures()).containsExactly(arch(1), arch(2));
        assertThat(second.architectures()).containsExactly(arch(3), arch(4));
        GenerationFanOut.Answer answer = answer(future);
        assertThat(answer.latenciesMs()).containsExactly(archs.stream().mapToDouble(x -> x.resolution() / 10.0)
                .toArray());
        assertThat(answer.cacheHits()).isEqualTo(3);
        assertThat(answer.cacheMisses()).isEqualTo(1);
    }

    @Test
    void sendsAChunkToAnotherPoolWhenItsPoolStaysSilent() throws Exception {
        TestProbe<PredictorPool.Command> silent = testKit.createTestProbe();
        TestProbe<PredictorPool.Command> answering = testKit.createTestProbe();

        CompletableFuture<GenerationFanOut.Answer> future = fanOut(List.of(arch(1)),
                new GenerationFanOut.Pools("m", List.of(silent.ref(), answering.ref()), 10), Duration.ofMillis(200));
        PredictorPool.Predict ignored = silent.expectMessageClass(PredictorPool.Predict.class, WAIT);
        PredictorPool.Predict retried = answering.expectMessageClass(PredictorPool.Predict.class, WAIT);
        predicted(retried, 0);

        assertThat(retried.requestId()).isNotEqualTo(ignored.requestId());
        assertThat(answer(future).latenciesMs()).containsExactly(arch(1).resolution() / 10.0);
    }

    @Test
    void sendsAFailedChunkElsewhereAndFailsTheBatchWhenEveryTryFails() {
        TestProbe<PredictorPool.Command> a = testKit.createTestProbe();
        TestProbe<PredictorPool.Command> b = testKit.createTestProbe();

        CompletableFuture<GenerationFanOut.Answer> future = fanOut(List.of(arch(1)),
                new GenerationFanOut.Pools("m", List.of(a.ref(), b.ref()), 10), WAIT);
        for (TestProbe<PredictorPool.Command> pool : List.of(a, b, a)) {
            PredictorPool.Predict request = pool.expectMessageClass(PredictorPool.Predict.class, WAIT);
            request.replyTo().tell(new PredictorPool.PredictionFailed("m", 1, request.requestId(),
                    "model m failed: broken on " + pool.ref().path().name()));
        }

        assertThatThrownBy(() -> answer(future)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(GenerationFailedException.class)
                .hasMessageContaining("latencies from model m")
                .hasMessageContaining("gave up after 3 attempts: model m failed: broken");
    }

    @Test
    void measuresEachDistinctArchitectureOnceAndRetriesARejectedOne() throws Exception {
        TestProbe<MeasurementActor.Command> actor = testKit.createTestProbe();
        Instant at = Instant.now();

        CompletableFuture<GenerationFanOut.Answer> future = fanOut(List.of(arch(1), arch(2), arch(1)),
                new GenerationFanOut.Devices("gpu", List.of(actor.ref()), 2), WAIT);
        MeasurementActor.Measure first = actor.expectMessageClass(MeasurementActor.Measure.class, WAIT);
        MeasurementActor.Measure second = actor.expectMessageClass(MeasurementActor.Measure.class, WAIT);
        second.replyTo().tell(new MeasurementActor.Rejected(second.architecture(), 1, "gpu", "node", 0));
        MeasurementActor.Measure again = actor.expectMessageClass(MeasurementActor.Measure.class, WAIT);
        first.replyTo().tell(new MeasurementActor.Measured(first.architecture(), 1, 3.0, "simulated", "gpu", "node",
                at));
        again.replyTo().tell(new MeasurementActor.Measured(again.architecture(), 1, 4.0, "simulated", "gpu", "node",
                at));

        assertThat(List.of(first.architecture(), second.architecture())).containsExactly(arch(1), arch(2));
        assertThat(again.architecture()).isEqualTo(arch(2));
        assertThat(answer(future).latenciesMs()).containsExactly(3.0, 4.0, 3.0);
    }

    @Test
    void keepsAtMostInFlightPerActorMeasurementsOutAtEachActor() {
        TestProbe<MeasurementActor.Command> actor = testKit.createTestProbe();

        fanOut(List.of(arch(1), arch(2), arch(3)), new GenerationFanOut.Devices("gpu", List.of(actor.ref()), 2), WAIT);
        actor.expectMessageClass(MeasurementActor.Measure.class, WAIT);
        MeasurementActor.Measure second = actor.expectMessageClass(MeasurementActor.Measure.class, WAIT);
        second.replyTo().tell(new MeasurementActor.Measured(second.architecture(), 1, 1.0, "simulated", "gpu", "node",
                Instant.now()));

        assertThat(actor.expectMessageClass(MeasurementActor.Measure.class, WAIT).architecture()).isEqualTo(arch(3));
    }

    @Test
    void stoppedBeforeItFinishesItCompletesTheAnswerAsCancelled() {
        TestProbe<PredictorPool.Command> pool = testKit.createTestProbe();
        CompletableFuture<GenerationFanOut.Answer> future = new CompletableFuture<>();
        ActorRef<GenerationFanOut.Command> fanOut = testKit.spawn(GenerationFanOut.create(List.of(arch(1)), 1,
                new GenerationFanOut.Pools("m", List.of(pool.ref()), 10), new GenerationFanOut.Timing(WAIT, 3),
                future));
        pool.expectMessageClass(PredictorPool.Predict.class, WAIT);

        testKit.stop(fanOut, WAIT);

        assertThatThrownBy(() -> answer(future)).isInstanceOf(CancellationException.class);
    }
}
