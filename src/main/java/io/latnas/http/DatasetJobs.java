package io.latnas.http;

import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The dataset jobs started through the API, by id. Starts each through the guardian's
 * {@link NodeGuardian.BuildDataset}, follows its builder's events, and answers what the latest says;
 * it answers a start only once the builder has started or refused, so that a clash over an output file
 * is the caller's answer rather than a later surprise. Keeps a bounded number of finished jobs.
 */
public final class DatasetJobs extends AbstractBehavior<DatasetJobs.Command> {

    public sealed interface Command {
    }

    /**
     * Start {@code job}; {@code outputName} is how the API names its file.
     */
    public record StartJob(DatasetJob job, String outputName, ActorRef<StartReply> replyTo) implements Command {
    }

    public record GetJob(String id, ActorRef<Optional<Job>> replyTo) implements Command {
    }

    public record GetCounts(ActorRef<Counts> replyTo) implements Command {
    }

    public sealed interface StartReply {
    }

    public record JobStarted(Job job) implements StartReply {
    }

    public enum Refusal {
        /** A build on this node is writing the same file. */
        ALREADY_BUILDING,
        /** The output file exists but cannot be appended to (another layout, unreadable, unwritable). */
        OUTPUT_UNUSABLE,
        /** As many jobs are running as the API allows. */
        TOO_MANY_RUNNING
    }

    public record JobRefused(Refusal refusal, String message) implements StartReply {
    }

    public enum State {
        /** Sent to the guardian; its builder has not said anything yet. */
        STARTING,
        RUNNING,
        FINISHED
    }

    /**
     * What is known of one job: the last progress and, once it ended, the summary.
     *
     * @param progress the builder's latest progress, empty before its first
     * @param built    the summary, once the build ended
     */
    public record Job(String id, String outputName, DatasetJob job, State state,
                      Optional<DatasetBuilder.BuildStarted> started,
                      Optional<DatasetBuilder.DatasetProgress> progress,
                      Optional<DatasetBuilder.DatasetBuilt> built) {

        public Job {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(job, "job");
        }

        Job with(State newState, Optional<DatasetBuilder.BuildStarted> newStarted,
                 Optional<DatasetBuilder.DatasetProgress> newProgress, Optional<DatasetBuilder.DatasetBuilt> newBuilt) {
            return new Job(id, outputName, job, newState, newStarted, newProgress, newBuilt);
        }
    }

    /** Jobs starting or running, and finished ones still remembered. */
    public record Counts(int running, int finished) {
    }

    private record Heard(String id, DatasetBuilder.Event event) implements Command {
    }

    private final ActorRef<NodeGuardian.Command> guardian;
    private final int maxRunning;
    private final int kept;
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Map<String, ActorRef<StartReply>> waiting = new LinkedHashMap<>();
    private final Deque<String> finished = new ArrayDeque<>();
    private long started;

    private DatasetJobs(ActorContext<Command> context, ActorRef<NodeGuardian.Command> guardian, int maxRunning,
                        int kept) {
        super(context);
        this.guardian = guardian;
        this.maxRunning = maxRunning;
        this.kept = kept;
    }

    /**
     * @param maxRunning jobs starting or running at once; one more is refused
     * @param kept       finished jobs remembered; the oldest is forgotten first
     */
    public static Behavior<Command> create(ActorRef<NodeGuardian.Command> guardian, int maxRunning, int kept) {
        return Behaviors.setup(context -> new DatasetJobs(context, guardian, maxRunning, kept));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartJob.class, this::onStartJob)
                .onMessage(GetJob.class, this::onGetJob)
                .onMessage(GetCounts.class, this::onGetCounts)
                .onMessage(Heard.class, this::onHeard)
                .build();
    }

    private Behavior<Command> onStartJob(StartJob request) {
        if (running() >= maxRunning) {
            request.replyTo().tell(new JobRefused(Refusal.TOO_MANY_RUNNING, running() + " dataset jobs are running,"
                    + " as many as latnas.http.max-running-datasets allows; try again when one has finished"));
            return this;
        }
        Path output = request.job().output().toAbsolutePath().normalize();
        for (Job job : jobs.values()) {
            if (job.state() != State.FINISHED && job.job().output().toAbsolutePath().normalize().equals(output)) {
                request.replyTo().tell(new JobRefused(Refusal.ALREADY_BUILDING, "dataset job " + job.id()
                        + " is already writing " + request.outputName() + "; wait for it or choose another output"));
                return this;
            }
        }
        String id = "ds-" + (++started);
        jobs.put(id, new Job(id, request.outputName(), request.job(), State.STARTING, Optional.empty(),
                Optional.empty(), Optional.empty()));
        waiting.put(id, request.replyTo());
        ActorRef<DatasetBuilder.Event> events = getContext().messageAdapter(DatasetBuilder.Event.class,
                event -> new Heard(id, event));
        guardian.tell(new NodeGuardian.BuildDataset(request.job(), events));
        return this;
    }

    private Behavior<Command> onGetJob(GetJob request) {
        request.replyTo().tell(Optional.ofNullable(jobs.get(request.id())));
        return this;
    }

    private Behavior<Command> onGetCounts(GetCounts request) {
        request.replyTo().tell(new Counts(running(), finished.size()));
        return this;
    }

    private Behavior<Command> onHeard(Heard heard) {
        Job job = jobs.get(heard.id());
        if (job == null) {
            return this;
        }
        DatasetBuilder.Event event = heard.event();
        if (event instanceof DatasetBuilder.BuildStarted start) {
            Job now = job.with(State.RUNNING, Optional.of(start), job.progress(), job.built());
            jobs.put(job.id(), now);
            answer(job.id(), new JobStarted(now));
        } else if (event instanceof DatasetBuilder.DatasetProgress progress) {
            if (job.state() != State.FINISHED) {
                jobs.put(job.id(), job.with(job.state(), job.started(), Optional.of(progress), job.built()));
            }
        } else if (event instanceof DatasetBuilder.DatasetBuilt built) {
            onBuilt(job, built);
        } else if (event instanceof DatasetBuilder.BuildRefused refused) {
            jobs.remove(job.id());
            answer(job.id(), new JobRefused(Refusal.ALREADY_BUILDING, "another build on this node is already"
                    + " writing " + job.outputName() + "; wait for it or choose another output"));
        }
        return this;
    }

    private void onBuilt(Job job, DatasetBuilder.DatasetBuilt built) {
        if (job.state() == State.STARTING && built.outcome() == DatasetBuilder.Outcome.FILE_ERROR) {
            // The builder could not even open its file: the request named a file it cannot use.
            jobs.remove(job.id());
            answer(job.id(), new JobRefused(Refusal.OUTPUT_UNUSABLE, built.message()));
            return;
        }
        Job now = job.with(State.FINISHED, job.started(), job.progress(), Optional.of(built));
        jobs.put(job.id(), now);
        answer(job.id(), new JobStarted(now));
        finished.addLast(job.id());
        while (finished.size() > kept) {
            jobs.remove(finished.removeFirst());
        }
    }

    private void answer(String id, StartReply reply) {
        ActorRef<StartReply> replyTo = waiting.remove(id);
        if (replyTo != null) {
            replyTo.tell(reply);
        }
    }

    private int running() {
        return jobs.size() - finished.size();
    }
}
