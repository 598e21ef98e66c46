package io.latnas.runtime.dataset;

import io.latnas.runtime.dataset.DatasetPlan.Assignment;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetPlanTest {

    private static List<Architecture> archs(int n) {
        return ArchitectureSample.draw(SearchSpaces.OFA_W10, n, 7);
    }

    private static DatasetPlan<String> plan(int n, int inFlight, int attempts, String... workers) {
        DatasetPlan<String> plan = new DatasetPlan<>(archs(n), inFlight, attempts);
        for (String w : workers) {
            plan.addWorker(w);
        }
        return plan;
    }

    private static Map<String, Long> perWorker(List<Assignment<String>> assignments) {
        return assignments.stream().collect(Collectors.groupingBy(Assignment::worker, Collectors.counting()));
    }

    @Test
    void spreadsWorkEvenlyUpToTheInFlightLimit() {
        DatasetPlan<String> plan = plan(10, 2, 3, "a", "b", "c");

        List<Assignment<String>> first = plan.assign();

        assertThat(perWorker(first)).containsOnly(Map.entry("a", 2L), Map.entry("b", 2L), Map.entry("c", 2L));
        assertThat(first).extracting(Assignment::architecture).doesNotHaveDuplicates();
        assertThat(plan.assign()).isEmpty();
        assertThat(plan.progress().inFlight()).isEqualTo(6);
        assertThat(plan.progress().waiting()).isEqualTo(4);
    }

    @Test
    void retriesAFailureOnAWorkerThatHasNotTriedIt() {
        DatasetPlan<String> plan = plan(1, 1, 3, "a", "b");
        Assignment<String> first = plan.assign().get(0);

        assertThat(plan.failed(first.attempt(), "broken").gaveUp()).isFalse();
        List<Assignment<String>> retry = plan.assign();

        assertThat(retry).hasSize(1);
        assertThat(retry.get(0).architecture()).isEqualTo(first.architecture());
        assertThat(retry.get(0).worker()).isNotEqualTo(first.worker());
    }

    @Test
    void retriesOnTheSameWorkerWhenItIsTheOnlyOne() {
        DatasetPlan<String> plan = plan(1, 1, 3, "a");
        Assignment<String> first = plan.assign().get(0);
        plan.failed(first.attempt(), "broken");

        assertThat(plan.assign()).extracting(Assignment::worker).containsExactly("a");
    }

    @Test
    void recordsAnArchitectureAsFailedAfterItsLastAttempt() {
        DatasetPlan<String> plan = plan(1, 1, 2, "a", "b");
        Architecture arch = archs(1).get(0);

        plan.failed(plan.assign().get(0).attempt(), "first");
        DatasetPlan.FailureOutcome last = plan.failed(plan.assign().get(0).attempt(), "second");

        assertThat(last.gaveUp()).isTrue();
        assertThat(plan.failures()).containsExactly(Map.entry(arch, "second"));
        assertThat(plan.assign()).isEmpty();
        assertThat(plan.finished()).isTrue();
        assertThat(plan.progress().measured()).isZero();
    }

    @Test
    void writesAnArchitectureOnceWhenALateAnswerFollowsARetry() {
        DatasetPlan<String> plan = plan(1, 1, 3, "a", "b");
        Assignment<String> timedOut = plan.assign().get(0);
        plan.failed(timedOut.attempt(), "no answer in time");
        Assignment<String> retry = plan.assign().get(0);

        assertThat(plan.succeeded(retry.attempt())).contains(retry.architecture());
        assertThat(plan.succeeded(timedOut.attempt())).isEmpty();
        assertThat(plan.succeeded(retry.attempt())).isEmpty();
        assertThat(plan.progress().measured()).isEqualTo(1);
        assertThat(plan.finished()).isTrue();
    }

    @Test
    void keepsALateAnswerThatArrivesBeforeTheRetryAnswers() {
        DatasetPlan<String> plan = plan(1, 1, 3, "a", "b");
        Assignment<String> timedOut = plan.assign().get(0);
        plan.failed(timedOut.attempt(), "no answer in time");
        Assignment<String> retry = plan.assign().get(0);

        assertThat(plan.succeeded(timedOut.attempt())).contains(timedOut.architecture());
        assertThat(plan.finished()).isFalse();
        assertThat(plan.failed(retry.attempt(), "broken").stale()).isTrue();
        assertThat(plan.finished()).isTrue();
        assertThat(plan.failures()).isEmpty();
    }

    @Test
    void sendsALeavingWorkersOutstandingWorkElsewhere() {
        DatasetPlan<String> plan = plan(4, 2, 3, "a", "b");
        List<Assignment<String>> first = plan.assign();
        List<Architecture> atA = first.stream().filter(a -> a.worker().equals("a"))
                .map(Assignment::architecture).toList();

        assertThat(plan.removeWorker("a", "a stopped")).isEqualTo(2);
        first.stream().filter(a -> a.worker().equals("b")).forEach(a -> plan.succeeded(a.attempt()));
        List<Assignment<String>> again = plan.assign();

        assertThat(again).extracting(Assignment::architecture).containsExactlyInAnyOrderElementsOf(atA);
        assertThat(again).extracting(Assignment::worker).containsOnly("b");
        assertThat(plan.workers()).containsExactly("b");
    }

    @Test
    void keepsTheCountsOfWorkersThatLeft() {
        DatasetPlan<String> plan = plan(2, 1, 3, "a", "b");
        plan.assign().forEach(a -> plan.succeeded(a.attempt()));
        plan.removeWorker("a", "gone");

        assertThat(plan.progress().measuredBy()).containsExactly(Map.entry("a", 1L), Map.entry("b", 1L));
    }

    @Test
    void aRejectionIsNoAttemptAndGoesFirst() {
        DatasetPlan<String> plan = plan(3, 1, 2, "a", "b");
        List<Assignment<String>> first = plan.assign();
        Assignment<String> refused = first.get(0);

        plan.rejected(refused.attempt());
        plan.pause(refused.worker());
        plan.succeeded(first.get(1).attempt());
        List<Assignment<String>> next = plan.assign();

        assertThat(next).extracting(Assignment::architecture).containsExactly(refused.architecture());
        // Two attempts allowed and only one made: a failure now is retried, not given up.
        assertThat(plan.failed(next.get(0).attempt(), "broken").gaveUp()).isFalse();
    }

    @Test
    void givesAPausedWorkerNothingUntilResumed() {
        DatasetPlan<String> plan = plan(4, 1, 3, "a", "b");
        plan.pause("a");

        assertThat(plan.assign()).extracting(Assignment::worker).containsExactly("b");
        plan.resume("a");
        assertThat(plan.assign()).extracting(Assignment::worker).containsExactly("a");
    }

    @Test
    void finishesOnceEveryArchitectureHasARowOrFailed() {
        DatasetPlan<String> plan = plan(5, 5, 1, "a");
        List<Assignment<String>> all = plan.assign();
        IntStream.range(0, 4).forEach(i -> plan.succeeded(all.get(i).attempt()));

        assertThat(plan.finished()).isFalse();
        plan.failed(all.get(4).attempt(), "broken");
        assertThat(plan.finished()).isTrue();
        assertThat(plan.remaining()).isZero();
    }

    @Test
    void waitsWithoutWorkers() {
        DatasetPlan<String> plan = new DatasetPlan<>(List.of(SearchSpaces.OFA_W10.sample(new SplittableRandom(1))),
                1, 1);

        assertThat(plan.assign()).isEmpty();
        assertThat(plan.finished()).isFalse();
        assertThat(plan.remaining()).isEqualTo(1);
    }
}
