package io.latnas.runtime.search;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkPlanTest {

    @Test
    void spreadsChunksOverWorkersWithinTheirRoom() {
        ChunkPlan plan = new ChunkPlan(5, 2, 3, 2);

        List<ChunkPlan.Assignment> assigned = plan.assign();

        assertThat(assigned).hasSize(4);
        assertThat(assigned).extracting(ChunkPlan.Assignment::worker).containsExactly(0, 1, 0, 1);
        assertThat(plan.assign()).isEmpty();
        plan.succeeded(assigned.get(0).attempt());
        assertThat(plan.assign()).extracting(ChunkPlan.Assignment::chunk).containsExactly(4);
    }

    @Test
    void triesAFailedChunkOnAnotherWorker() {
        ChunkPlan plan = new ChunkPlan(1, 2, 3, 10);
        ChunkPlan.Assignment first = plan.assign().get(0);

        plan.failed(first.attempt(), "broken");
        ChunkPlan.Assignment second = plan.assign().get(0);

        assertThat(second.chunk()).isEqualTo(first.chunk());
        assertThat(second.worker()).isNotEqualTo(first.worker());
        assertThat(plan.succeeded(second.attempt())).isTrue();
        assertThat(plan.finished()).isTrue();
    }

    @Test
    void givesUpAfterMaxAttemptsWithTheLastReason() {
        ChunkPlan plan = new ChunkPlan(1, 1, 2, 10);
        plan.failed(plan.assign().get(0).attempt(), "first");

        plan.failed(plan.assign().get(0).attempt(), "second");

        assertThat(plan.failure()).contains("gave up after 2 attempts: second");
        assertThat(plan.finished()).isFalse();
    }

    @Test
    void retriesEveryOutstandingChunkOnTimeoutAndTakesWhicheverAnswerComesFirst() {
        ChunkPlan plan = new ChunkPlan(2, 2, 3, 10);
        List<ChunkPlan.Assignment> first = plan.assign();

        plan.timedOut("no answer");
        List<ChunkPlan.Assignment> retries = plan.assign();

        assertThat(retries).hasSize(2);
        assertThat(plan.succeeded(first.get(0).attempt())).isTrue();
        assertThat(plan.succeeded(retries.get(0).attempt())).isFalse();
        assertThat(plan.succeededChunk(retries.get(1).chunk())).isTrue();
        assertThat(plan.finished()).isTrue();
        assertThat(plan.outstanding()).isZero();
    }

    @Test
    void acceptsALateAnswerAfterItsChunkWasSentElsewhere() {
        ChunkPlan plan = new ChunkPlan(1, 2, 3, 10);
        ChunkPlan.Assignment first = plan.assign().get(0);
        plan.timedOut("slow");
        ChunkPlan.Assignment second = plan.assign().get(0);
        plan.failed(second.attempt(), "broken");
        ChunkPlan.Assignment third = plan.assign().get(0);

        assertThat(plan.succeeded(first.attempt())).isTrue();
        assertThat(plan.finished()).isTrue();
        assertThat(plan.failure()).isEmpty();
        assertThat(plan.succeeded(third.attempt())).isFalse();
    }
}
