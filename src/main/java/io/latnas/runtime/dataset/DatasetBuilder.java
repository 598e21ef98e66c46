package io.latnas.runtime.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.dataset.LatencyRecord;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.serialization.CborSerializable;
import io.latnas.space.Architecture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Builds one dataset: measures a job's sampled architectures on every {@link MeasurementActor} that
 * serves its hardware and space, on any node, and appends each latency to the job's long CSV file as it
 * arrives. Actors are found through the Receptionist and followed as they join and leave; an actor that
 * leaves has its outstanding work sent elsewhere. The bookkeeping is {@link DatasetPlan}'s; the file is
 * {@link DatasetOutput}'s, which also tells which architectures an earlier, interrupted build finished.
 *
 * <p>An architecture that fails, or whose request times out, is tried again on another actor, up to the
 * configured attempts; then it is recorded as failed, and no row is written for it. Subscribers hear
 * {@link BuildStarted}, then {@link DatasetProgress} now and then, then {@link DatasetBuilt}, after
 * which the builder stops. It writes files, so it runs on the blocking I/O dispatcher ({@link #props()}).
 */
public final class DatasetBuilder extends AbstractBehavior<DatasetBuilder.Command> {

    public sealed interface Command {
    }

    public record GetProgress(ActorRef<DatasetProgress> replyTo) implements Command, CborSerializable {
    }

    /** Send {@code subscriber} the progress now, later progress and the summary. */
    public record Subscribe(ActorRef<Event> subscriber) implements Command, CborSerializable {
    }

    /** What subscribers hear. */
    public sealed interface Event extends CborSerializable {
    }

    /**
     * @param alreadyPresent sampled architectures that already had a row in the output file
     * @param planned        architectures sampled: the count asked for, or fewer when the space is smaller
     */
    public record BuildStarted(ActorRef<Command> builder, String output, String spaceId, String hardwareId,
                               int batchSize, int requested, int planned, int alreadyPresent) implements Event {
    }

    /**
     * @param measured   rows written by this build
     * @param failed     architectures given up on
     * @param waiting    architectures not yet sent, or waiting to be tried again
     * @param actors     measurement actors in use now
     * @param measuredBy rows per measurement actor (its path), including actors that have left: where the
     *                   dataset was measured
     */
    public record DatasetProgress(String output, String hardwareId, int batchSize, int planned, int alreadyPresent,
                                  int measured, int failed, int inFlight, int waiting, int actors,
                                  Map<String, Long> measuredBy) implements Event {
    }

    public enum Outcome {
        /** Every sampled architecture has a row or is recorded as failed. */
        COMPLETED,
        /** No measurement actor served the hardware for the configured time while work was left. */
        NO_MEASUREMENT_ACTORS,
        /** The output file could not be read or written. */
        FILE_ERROR
    }

    /** No builder was started: another one is writing the same file. */
    public record BuildRefused(String output, String reason) implements Event {
    }

    public record FailedArchitecture(Architecture architecture, String reason) {
    }

    /**
     * The summary, sent once when the build ends.
     *
     * @param unmeasured architectures neither measured nor failed (only when the build did not complete)
     */
    public record DatasetBuilt(String output, String hardwareId, int batchSize, Outcome outcome, String message,
                               int requested, int planned, int alreadyPresent, int measured, int unmeasured,
                               List<FailedArchitecture> failures, Map<String, Long> measuredBy) implements Event {
    }

    private record ActorsListed(Receptionist.Listing listing) implements Command {
    }

    private record ActorStopped(ActorRef<MeasurementActor.Command> actor) implements Command {
    }

    private record Answered(DatasetPlan.Assignment<ActorRef<MeasurementActor.Command>> assignment,
                            MeasurementActor.Reply reply, Throwable failure) implements Command {
    }

    private record ResumeActor(ActorRef<MeasurementActor.Command> actor) implements Command {
    }

    private enum Tick implements Command {
        PUBLISH_PROGRESS, NO_ACTORS
    }

    private final DatasetJob job;
    private final DatasetBuilderSettings settings;
    private final TimerScheduler<Command> timers;
    private final DatasetOutput output;
    private final ServiceKey<MeasurementActor.Command> key;
    private final DatasetPlan<ActorRef<MeasurementActor.Command>> plan;
    private final int planned;
    private final int alreadyPresent;
    private final Set<ActorRef<Event>> subscribers = new LinkedHashSet<>();
    private final Set<ActorRef<MeasurementActor.Command>> watched = new HashSet<>();
    private final Set<ActorRef<MeasurementActor.Command>> stopped = new HashSet<>();
    private DatasetProgress lastPublished;

    private DatasetBuilder(ActorContext<Command> context, TimerScheduler<Command> timers, DatasetJob job,
                           DatasetBuilderSettings settings, DatasetOutput output, List<Architecture> sample,
                           ActorRef<Event> subscriber) {
        super(context);
        this.job = job;
        this.settings = settings;
        this.timers = timers;
        this.output = output;
        this.key = MeasurementActor.serviceKey(job.hardwareId(), job.space());
        List<Architecture> toMeasure = new ArrayList<>(sample.size());
        for (Architecture arch : sample) {
            if (!output.hadRow(arch)) {
                toMeasure.add(arch);
            }
        }
        this.plan = new DatasetPlan<>(toMeasure, settings.inFlightPerActor(), settings.maxAttempts());
        this.planned = sample.size();
        this.alreadyPresent = sample.size() - toMeasure.size();
        subscribers.add(subscriber);
    }

    /**
     * A builder for {@code job}; {@code subscriber} hears its start, progress and summary.
     * Spawn it with {@link #props()}.
     */
    public static Behavior<Command> create(DatasetJob job, DatasetBuilderSettings settings,
                                           ActorRef<Event> subscriber) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> start(context, timers, job, settings,
                subscriber)));
    }

    /** The blocking I/O dispatcher: the builder forces every row to disk. */
    public static Props props() {
        return DispatcherSelector.blocking();
    }

    private static Behavior<Command> start(ActorContext<Command> context, TimerScheduler<Command> timers,
                                           DatasetJob job, DatasetBuilderSettings settings,
                                           ActorRef<Event> subscriber) {
        DatasetOutput output;
        try {
            output = DatasetOutput.open(job.output(), job.space(), job.target());
        } catch (InvalidInputException e) {
            context.getLog().error("dataset {} not started: {}", job.output(), e.getMessage());
            subscriber.tell(new DatasetBuilt(job.output().toString(), job.hardwareId(), job.batchSize(),
                    Outcome.FILE_ERROR, e.getMessage(), job.count(), 0, 0, 0, 0, List.of(), Map.of()));
            return Behaviors.stopped();
        }
        output.droppedPartialRow().ifPresent(row -> context.getLog().warn("{}: cut off a torn last row: {}",
                job.output(), row));
        List<Architecture> sample = ArchitectureSample.draw(job.space(), job.count(), job.seed());
        return new DatasetBuilder(context, timers, job, settings, output, sample, subscriber).begin();
    }

    private Behavior<Command> begin() {
        ActorRef<Receptionist.Listing> listings = getContext().messageAdapter(Receptionist.Listing.class,
                ActorsListed::new);
        getContext().getSystem().receptionist().tell(Receptionist.subscribe(key, listings));
        timers.startTimerWithFixedDelay(Tick.PUBLISH_PROGRESS, settings.progressInterval());
        timers.startSingleTimer(Tick.NO_ACTORS, settings.noActorTimeout());
        BuildStarted started = new BuildStarted(getContext().getSelf(), job.output().toString(), job.space().id(),
                job.hardwareId(), job.batchSize(), job.count(), planned, alreadyPresent);
        subscribers.forEach(s -> s.tell(started));
        getContext().getLog().info("building {} ({} of {} architectures already there) on {}", job.output(),
                alreadyPresent, planned, key.id());
        return dispatchOrFinish();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Answered.class, this::onAnswered)
                .onMessage(ActorsListed.class, this::onActorsListed)
                .onMessage(ActorStopped.class, this::onActorStopped)
                .onMessage(ResumeActor.class, this::onResumeActor)
                .onMessage(GetProgress.class, this::onGetProgress)
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessageEquals(Tick.PUBLISH_PROGRESS, this::onPublishProgress)
                .onMessageEquals(Tick.NO_ACTORS, this::onNoActors)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onAnswered(Answered answered) {
        var assignment = answered.assignment();
        if (answered.failure() != null) {
            return onNoAnswer(assignment, answered.failure());
        }
        if (answered.reply() instanceof MeasurementActor.Measured measured) {
            return onMeasured(assignment, measured);
        }
        if (answered.reply() instanceof MeasurementActor.MeasurementFailed failed) {
            recordFailure(assignment.attempt(), failed.reason() + " (" + name(assignment.worker()) + ")");
        } else if (answered.reply() instanceof MeasurementActor.Rejected) {
            plan.rejected(assignment.attempt());
            pause(assignment.worker());
        }
        return dispatchOrFinish();
    }

    private Behavior<Command> onNoAnswer(DatasetPlan.Assignment<ActorRef<MeasurementActor.Command>> assignment,
                                         Throwable failure) {
        String reason = failure instanceof TimeoutException
                ? "no answer within " + settings.measurementTimeout() + " from " + name(assignment.worker())
                : failure.toString();
        recordFailure(assignment.attempt(), reason);
        pause(assignment.worker());
        return dispatchOrFinish();
    }

    private Behavior<Command> onMeasured(DatasetPlan.Assignment<ActorRef<MeasurementActor.Command>> assignment,
                                         MeasurementActor.Measured measured) {
        String mismatch = mismatch(assignment, measured);
        if (mismatch != null) {
            recordFailure(assignment.attempt(), mismatch);
        } else if (plan.succeeded(assignment.attempt()).isPresent()) {
            return write(measured);
        }
        return dispatchOrFinish();
    }

    private Behavior<Command> write(MeasurementActor.Measured measured) {
        try {
            output.write(new LatencyRecord(measured.architecture(), job.hardwareId(), job.batchSize(),
                    measured.latencyMs(), measured.source(), measured.measuredAt()));
        } catch (InvalidInputException e) {
            return finish(Outcome.FILE_ERROR, e.getMessage());
        }
        return dispatchOrFinish();
    }

    private Behavior<Command> onActorsListed(ActorsListed listed) {
        Set<ActorRef<MeasurementActor.Command>> present = listed.listing().getServiceInstances(key);
        for (ActorRef<MeasurementActor.Command> actor : present) {
            if (!stopped.contains(actor) && plan.addWorker(actor)) {
                getContext().getLog().debug("measuring on {}", name(actor));
                if (watched.add(actor)) {
                    getContext().watchWith(actor, new ActorStopped(actor));
                }
            }
        }
        for (ActorRef<MeasurementActor.Command> actor : List.copyOf(plan.workers())) {
            if (!present.contains(actor)) {
                drop(actor, name(actor) + " left the Receptionist listing");
            }
        }
        return dispatchOrFinish();
    }

    private Behavior<Command> onActorStopped(ActorStopped message) {
        stopped.add(message.actor());
        drop(message.actor(), name(message.actor()) + " stopped");
        return dispatchOrFinish();
    }

    private Behavior<Command> onResumeActor(ResumeActor message) {
        plan.resume(message.actor());
        return dispatchOrFinish();
    }

    private Behavior<Command> onGetProgress(GetProgress request) {
        request.replyTo().tell(progress());
        return this;
    }

    private Behavior<Command> onSubscribe(Subscribe request) {
        subscribers.add(request.subscriber());
        request.subscriber().tell(progress());
        return this;
    }

    private Behavior<Command> onPublishProgress() {
        DatasetProgress now = progress();
        if (!now.equals(lastPublished)) {
            lastPublished = now;
            subscribers.forEach(s -> s.tell(now));
        }
        return this;
    }

    private Behavior<Command> onNoActors() {
        if (!plan.workers().isEmpty()) {
            return this;
        }
        return finish(Outcome.NO_MEASUREMENT_ACTORS, "no measurement actor served " + key.id() + " for "
                + settings.noActorTimeout() + "; " + plan.remaining() + " architectures left unmeasured");
    }

    private Behavior<Command> onPostStop() {
        output.close();
        return this;
    }

    private void drop(ActorRef<MeasurementActor.Command> actor, String reason) {
        int outstanding = plan.removeWorker(actor, reason);
        timers.cancel(new ResumeActor(actor));
        if (outstanding > 0) {
            getContext().getLog().info("{}; {} outstanding measurements go elsewhere", reason, outstanding);
        }
        if (plan.workers().isEmpty() && !plan.finished()) {
            timers.startSingleTimer(Tick.NO_ACTORS, settings.noActorTimeout());
        }
    }

    private void pause(ActorRef<MeasurementActor.Command> actor) {
        plan.pause(actor);
        timers.startSingleTimer(new ResumeActor(actor), settings.retryBackoff());
    }

    private void recordFailure(long attempt, String reason) {
        DatasetPlan.FailureOutcome outcome = plan.failed(attempt, reason);
        if (outcome.gaveUp()) {
            plan.assignment(attempt).ifPresent(a -> getContext().getLog().warn("gave up on {} after {} attempts: {}",
                    a.architecture(), settings.maxAttempts(), reason));
        }
    }

    private Behavior<Command> dispatchOrFinish() {
        if (plan.finished()) {
            return finish(Outcome.COMPLETED, "measured " + plan.progress().measured() + " architectures, "
                    + plan.failures().size() + " failed, " + alreadyPresent + " already present");
        }
        if (!plan.workers().isEmpty()) {
            timers.cancel(Tick.NO_ACTORS);
        }
        for (var assignment : plan.assign()) {
            getContext().ask(MeasurementActor.Reply.class, assignment.worker(), settings.measurementTimeout(),
                    replyTo -> new MeasurementActor.Measure(assignment.architecture(), job.batchSize(), replyTo),
                    (reply, failure) -> new Answered(assignment, reply, failure));
        }
        return this;
    }

    private Behavior<Command> finish(Outcome outcome, String message) {
        output.close();
        List<FailedArchitecture> failures = new ArrayList<>();
        plan.failures().forEach((arch, reason) -> failures.add(new FailedArchitecture(arch, reason)));
        DatasetPlan.Progress<ActorRef<MeasurementActor.Command>> p = plan.progress();
        DatasetBuilt built = new DatasetBuilt(job.output().toString(), job.hardwareId(), job.batchSize(), outcome,
                message, job.count(), planned, alreadyPresent, p.measured(), plan.remaining(), List.copyOf(failures),
                byName(p.measuredBy()));
        subscribers.forEach(s -> s.tell(built));
        getContext().getLog().info("dataset {}: {}", job.output(), message);
        return Behaviors.stopped();
    }

    private DatasetProgress progress() {
        DatasetPlan.Progress<ActorRef<MeasurementActor.Command>> p = plan.progress();
        return new DatasetProgress(job.output().toString(), job.hardwareId(), job.batchSize(), planned, alreadyPresent,
                p.measured(), p.failed(), p.inFlight(), p.waiting(), p.workers(), byName(p.measuredBy()));
    }

    private String mismatch(DatasetPlan.Assignment<ActorRef<MeasurementActor.Command>> asked,
                            MeasurementActor.Measured measured) {
        if (!asked.architecture().equals(measured.architecture()) || measured.batchSize() != job.batchSize()
                || !job.hardwareId().equals(measured.hardwareId())) {
            return name(asked.worker()) + " answered for " + measured.architecture() + " batch " + measured.batchSize() + " on "
                    + measured.hardwareId() + ", not what was asked";
        }
        return null;
    }

    private static Map<String, Long> byName(Map<ActorRef<MeasurementActor.Command>, Long> counts) {
        Map<String, Long> named = new LinkedHashMap<>();
        counts.forEach((actor, n) -> named.put(name(actor), n));
        return named;
    }

    private static String name(ActorRef<?> actor) {
        return actor.path().toString();
    }
}
