package io.latnas.http;

import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.measure.MeasurementActor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Asks the guardian for this node's measurement actors and each of them for its status: what
 * {@code /ready} and {@code /metrics} report (and {@code /cluster}, for the actors the Receptionist lists). An actor that does not answer in time is
 * reported without a status rather than failing the whole survey.
 */
final class MeasurementSurvey {

    /** One measurement actor, with its status when it answered in time. */
    record ActorReport(ActorRef<MeasurementActor.Command> ref, Optional<MeasurementActor.MeasurementStatus> status) {

        /** The actor's path, with its node's address where it runs on another node. */
        String actor() {
            return ref.path().toString();
        }

        boolean ready() {
            return status.isPresent() && status.get().state() == MeasurementActor.State.READY;
        }
    }

    private final ActorRef<NodeGuardian.Command> guardian;
    private final Scheduler scheduler;
    private final Duration timeout;

    MeasurementSurvey(ActorRef<NodeGuardian.Command> guardian, Scheduler scheduler, Duration timeout) {
        this.guardian = guardian;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    /** Fails with a {@link TimeoutException} only when the guardian itself does not answer. */
    CompletionStage<List<ActorReport>> take() {
        CompletionStage<NodeGuardian.MeasurementActors> actors = AskPattern.ask(guardian,
                NodeGuardian.GetMeasurementActors::new, timeout, scheduler);
        return actors.thenCompose(listed -> reports(listed.actors()));
    }

    /** Each of {@code actors} with its status, in the same order. */
    CompletionStage<List<ActorReport>> reports(List<ActorRef<MeasurementActor.Command>> actors) {
        List<CompletableFuture<ActorReport>> reports = new ArrayList<>();
        for (ActorRef<MeasurementActor.Command> actor : actors) {
            CompletionStage<MeasurementActor.MeasurementStatus> status = AskPattern.ask(actor,
                    MeasurementActor.GetStatus::new, timeout, scheduler);
            reports.add(status.handle((s, failure) -> new ActorReport(actor, Optional.ofNullable(s)))
                    .toCompletableFuture());
        }
        return CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new))
                .thenApply(done -> reports.stream().map(CompletableFuture::join).toList());
    }
}
