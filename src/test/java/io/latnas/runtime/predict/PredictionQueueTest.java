package io.latnas.runtime.predict;

import io.latnas.inference.LatencyCache;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PredictionQueueTest {

    private static final PredictionQueue.BatchKey KEY = new PredictionQueue.BatchKey("m", 1);

    private static Architecture arch(int seed) {
        return SearchSpaces.OFA_W10.sample(new SplittableRandom(seed));
    }

    private static double[] answers(PredictionQueue.Batch batch) {
        return batch.architectures().stream().mapToDouble(a -> a.hashCode() % 1000 + 1000).toArray();
    }

    private static double answer(Architecture arch) {
        return arch.hashCode() % 1000 + 1000;
    }

    @Test
    void mergesTheMissesOfSeveralRequestsIntoOneBatchAndSlicesTheAnswer() {
        PredictionQueue<String> queue = new PredictionQueue<>(new LatencyCache(100), 256);
        var a = queue.submit("a", "m", 1, List.of(arch(1), arch(2)));
        var b = queue.submit("b", "m", 1, List.of(arch(3)));

        queue.close(KEY);
        PredictionQueue.Batch batch = queue.dispatch().orElseThrow();
        List<PredictionQueue.Ticket<String>> finished = queue.completed(batch.id(), answers(batch));

        assertThat(batch.architectures()).containsExactly(arch(1), arch(2), arch(3));
        assertThat(finished).containsExactly(a, b);
        assertThat(a.latenciesMs()).containsExactly(answer(arch(1)), answer(arch(2)));
        assertThat(b.latenciesMs()).containsExactly(answer(arch(3)));
        assertThat(a.misses()).isEqualTo(2);
    }

    @Test
    void predictsAnArchitectureSeveralRequestsMissOnce() {
        PredictionQueue<String> queue = new PredictionQueue<>(new LatencyCache(100), 256);
        var a = queue.submit("a", "m", 1, List.of(arch(1), arch(1)));
        var b = queue.submit("b", "m", 1, List.of(arch(1)));

        queue.close(KEY);
        PredictionQueue.Batch batch = queue.dispatch().orElseThrow();
        queue.completed(batch.id(), answers(batch));

        assertThat(batch.architectures()).containsExactly(arch(1));
        assertThat(a.done()).isTrue();
        assertThat(b.latenciesMs()).containsExactly(answer(arch(1)));
    }

    @Test
    void answersFromTheCacheAtOnce() {
        LatencyCache cache = new LatencyCache(100);
        cache.put("m", arch(1), 1, 7.0);
        PredictionQueue<String> queue = new PredictionQueue<>(cache, 256);

        var ticket = queue.submit("a", "m", 1, List.of(arch(1)));

        assertThat(ticket.done()).isTrue();
        assertThat(ticket.hits()).isEqualTo(1);
        assertThat(ticket.latenciesMs()).containsExactly(7.0);
        assertThat(queue.forming(KEY)).isZero();
    }

    @Test
    void cachesWhatTheModelAnswered() {
        LatencyCache cache = new LatencyCache(100);
        PredictionQueue<String> queue = new PredictionQueue<>(cache, 256);
        queue.submit("a", "m", 1, List.of(arch(1)));
        queue.close(KEY);
        PredictionQueue.Batch batch = queue.dispatch().orElseThrow();

        queue.completed(batch.id(), answers(batch));

        assertThat(cache.get("m", arch(1), 1)).isEqualTo(answer(arch(1)));
    }

    @Test
    void splitsAClosedWindowIntoBatchesOfAtMostMaxBatch() {
        PredictionQueue<String> queue = new PredictionQueue<>(new LatencyCache(100), 2);
        queue.submit("a", "m", 1, List.of(arch(1), arch(2), arch(3)));

        queue.close(KEY);

        assertThat(queue.readyBatches()).isEqualTo(2);
        assertThat(queue.queuedArchitectures()).isEqualTo(3);
        assertThat(queue.dispatch().orElseThrow().architectures()).hasSize(2);
        assertThat(queue.dispatch().orElseThrow().architectures()).hasSize(1);
        assertThat(queue.inFlightBatches()).isEqualTo(2);
    }

    @Test
    void aBatchTakenForAWorkerAbsorbsReadyBatchesOfTheSameModelAndBatchSize() {
        PredictionQueue<String> queue = new PredictionQueue<>(new LatencyCache(100), 256);
        queue.submit("a", "m", 1, List.of(arch(1)));
        queue.close(KEY);
        queue.submit("b", "other", 1, List.of(arch(2)));
        queue.close(new PredictionQueue.BatchKey("other", 1));
        queue.submit("c", "m", 1, List.of(arch(3)));
        queue.close(KEY);

        PredictionQueue.Batch batch = queue.dispatch().orElseThrow();

        assertThat(batch.architectures()).containsExactly(arch(1), arch(3));
        assertThat(queue.readyBatches()).isEqualTo(1);
    }

    @Test
    void aFailedBatchIsSplitUntilOnlyTheRequestsAskingForTheBadArchitectureFail() {
        PredictionQueue<String> queue = new PredictionQueue<>(new LatencyCache(100), 256);
        var good = queue.submit("good", "m", 1, List.of(arch(1), arch(2)));
        var bad = queue.submit("bad", "m", 1, List.of(arch(3), arch(1)));
        queue.close(KEY);
        List<PredictionQueue.Ticket<String>> finished = new java.util.ArrayList<>();

        while (queue.hasReady()) {
            PredictionQueue.Batch batch = queue.dispatch().orElseThrow();
            finished.addAll(batch.architectures().contains(arch(3))
                    ? queue.failed(batch.id(), "cannot predict")
                    : queue.completed(batch.id(), answers(batch)));
        }

        assertThat(finished).containsExactlyInAnyOrder(good, bad);
        assertThat(good.failure()).isNull();
        assertThat(good.latenciesMs()).containsExactly(answer(arch(1)), answer(arch(2)));
        assertThat(bad.failure()).isEqualTo("cannot predict");
    }

    @Test
    void anAnswerThatIsNotALatencyFailsTheRequestsWaitingForIt() {
        LatencyCache cache = new LatencyCache(100);
        PredictionQueue<String> queue = new PredictionQueue<>(cache, 256);
        var ticket = queue.submit("a", "m", 1, List.of(arch(1)));
        queue.close(KEY);
        PredictionQueue.Batch batch = queue.dispatch().orElseThrow();

        assertThat(queue.completed(batch.id(), new double[] {Double.NaN})).containsExactly(ticket);
        assertThat(ticket.failure()).contains("NaN ms", "not a latency");
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void anAnswerOfTheWrongLengthFailsTheBatch() {
        PredictionQueue<String> queue = new PredictionQueue<>(new LatencyCache(100), 256);
        var ticket = queue.submit("a", "m", 1, List.of(arch(1), arch(2)));
        queue.close(KEY);
        PredictionQueue.Batch batch = queue.dispatch().orElseThrow();

        queue.completed(batch.id(), new double[] {1.0});

        assertThat(ticket.failure()).contains("answered 1 latencies for 2 architectures");
    }
}
