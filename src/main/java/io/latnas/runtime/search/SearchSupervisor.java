package io.latnas.runtime.search;

import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.serialization.CborSerializable;
import io.latnas.search.SearchStatus;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Admits, runs and reports on evolutionary searches: one {@link SearchRun} child per running search, at
 * most {@code max-concurrent} at once, with a bounded queue of waiting searches behind them.
 *
 * <p>{@link StartSearch} is checked before it is accepted: the spec itself ({@link SearchPlanner}), then,
 * for actor-backed strategies, whether the Receptionist lists a predictor pool serving the model (and the
 * model predicts for the requested hardware and space) or a measurement actor serving the hardware and
 * space. A request that passes is {@link SearchAccepted} (running, or queued with its position); one that
 * does not, or finds the queue full, is {@link SearchRejected} with a code, the field at fault and a
 * sentence, and a retry hint when the queue was full.
 *
 * <p>Clients follow a search by {@link GetSearch} or {@link SubscribeSearch}: subscribers get the current
 * {@link SearchInfo}, then a {@link GenerationCompleted} per generation, a {@link ConstraintCompleted} per
 * constraint and, last, {@link SearchEnded}. Finished searches are kept for {@code keep-finished-for}, and
 * at most {@code keep-finished} of them; then they are forgotten. Registers under {@link #SERVICE_KEY}.
 */
public final class SearchSupervisor extends AbstractBehavior<SearchSupervisor.Command> {

    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "search-supervisor");

    public sealed interface Command {
    }

    public record StartSearch(SearchSpec spec, ActorRef<StartReply> replyTo) implements Command, CborSerializable {
    }

    public record GetSearch(String searchId, ActorRef<SearchReply> replyTo) implements Command, CborSerializable {
    }

    /** Cancel a queued or running search; a running one ends {@code CANCELLED} with its best so far. */
    public record CancelSearch(String searchId, ActorRef<CancelReply> replyTo) implements Command, CborSerializable {
    }

    /** Send {@code subscriber} the search's current state, its progress as it happens and its end. */
    public record SubscribeSearch(String searchId, ActorRef<SearchEvent> subscriber)
            implements Command, CborSerializable {
    }

    public record GetSupervisorStatus(ActorRef<SupervisorStatus> replyTo) implements Command, CborSerializable {
    }

    public sealed interface StartReply extends CborSerializable {
    }

    /**
     * @param queuePosition 1 for the next search to start; 0 when it runs already
     */
    public record SearchAccepted(String searchId, SearchState state, int queuePosition) implements StartReply {
    }

    /**
     * @param field        the spec field at fault, or null when it is not one field (a full queue)
     * @param retryAfterMs when to ask again, for {@link RejectionCode#QUEUE_FULL}; 0 otherwise
     */
    public record SearchRejected(RejectionCode code, String field, String reason, long retryAfterMs)
            implements StartReply {
    }

    public sealed interface SearchReply extends CborSerializable {
    }

    public sealed interface CancelReply extends CborSerializable {
    }

    /** What subscribers hear. */
    public sealed interface SearchEvent extends CborSerializable {
        String searchId();
    }

    /**
     * A search as it stands.
     *
     * @param queuePosition       1-based while queued, 0 otherwise
     * @param progress            the latest generation while running (and after), null before the first
     * @param finishedConstraints outcomes of the constraints finished so far, in order
     * @param result              the result once the search has ended (with what was found before a
     *                            cancellation or failure), null before
     * @param failure             why it failed, or null
     */
    public record SearchInfo(String searchId, SearchSpec spec, SearchState state, int queuePosition,
                             SearchProgressInfo progress, List<ConstraintOutcome> finishedConstraints,
                             SearchOutcome result, String failure, Instant submittedAt, Instant startedAt,
                             Instant finishedAt) implements SearchReply, SearchEvent {

        public SearchInfo {
            finishedConstraints = List.copyOf(finishedConstraints);
        }
    }

    /** No search with this id is known: never accepted here, or finished and forgotten. */
    public record SearchNotFound(String searchId) implements SearchReply, CancelReply, SearchEvent {
    }

    /** The search is cancelled ({@code QUEUED}) or will stop shortly ({@code RUNNING}). */
    public record CancelRequested(String searchId, SearchState stateBefore) implements CancelReply {
    }

    public record SearchAlreadyEnded(String searchId, SearchState state) implements CancelReply {
    }

    /** A queued search started. */
    public record SearchStarted(String searchId, Instant startedAt) implements SearchEvent {
    }

    public record GenerationCompleted(String searchId, SearchProgressInfo progress) implements SearchEvent {
    }

    public record ConstraintCompleted(String searchId, int constraintIndex, ConstraintOutcome outcome)
            implements SearchEvent {
    }

    /** The last event of a search. */
    public record SearchEnded(String searchId, SearchInfo info) implements SearchEvent {
    }

    /** Counts since the supervisor started, and what it holds now. */
    public record SupervisorStatus(int running, int queued, int kept, int maxConcurrent, int queueSize, long accepted,
                                   long rejected, long done, long failed, long cancelled) implements CborSerializable {
    }

    private record WorkersFound(StartSearch start, PlannedSearch plan, Receptionist.Listing listing,
                                Throwable failure) implements Command {
    }

    private record ModelChecked(StartSearch start, PlannedSearch plan, ActorRef<PredictorPool.Command> pool,
                                PredictorPool.ModelReply reply, Throwable failure) implements Command {
    }

    private record RunReported(SearchRun.Report report) implements Command {
    }

    private record RunStopped(String searchId) implements Command {
    }

    private record SubscriberStopped(ActorRef<SearchEvent> subscriber) implements Command {
    }

    private record Forget(String searchId) implements Command {
    }

    /** What the supervisor knows of one search. */
    private static final class Entry {
        final String id;
        final PlannedSearch plan;
        final Instant submittedAt = Instant.now();
        final Set<ActorRef<SearchEvent>> subscribers = new LinkedHashSet<>();
        final List<ConstraintOutcome> finishedConstraints = new ArrayList<>();
        SearchState state = SearchState.QUEUED;
        Instant startedAt;
        Instant finishedAt;
        SearchProgressInfo progress;
        SearchOutcome result;
        String failure;
        ActorRef<SearchRun.Command> run;

        Entry(String id, PlannedSearch plan) {
            this.id = id;
            this.plan = plan;
        }
    }

    private final SearchSupervisorSettings settings;
    private final SearchResources resources;
    private final SearchPlanner planner;
    private final TimerScheduler<Command> timers;
    private final ActorRef<SearchRun.Report> reports;
    private final Map<String, Entry> searches = new HashMap<>();
    private final Deque<String> queue = new ArrayDeque<>();
    private final Deque<String> finishedOrder = new ArrayDeque<>();
    private final Set<ActorRef<SearchEvent>> watchedSubscribers = new HashSet<>();
    private int running;
    private long accepted;
    private long rejected;
    private long done;
    private long failed;
    private long cancelled;

    private SearchSupervisor(ActorContext<Command> context, TimerScheduler<Command> timers,
                             SearchSupervisorSettings settings, SearchResources resources) {
        super(context);
        this.settings = settings;
        this.resources = resources;
        this.planner = new SearchPlanner(resources);
        this.timers = timers;
        this.reports = context.messageAdapter(SearchRun.Report.class, RunReported::new);
        context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
    }

    public static Behavior<Command> create(SearchSupervisorSettings settings, SearchResources resources) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new SearchSupervisor(context, timers, settings, resources)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(StartSearch.class, this::onStartSearch)
                .onMessage(WorkersFound.class, this::onWorkersFound)
                .onMessage(ModelChecked.class, this::onModelChecked)
                .onMessage(GetSearch.class, this::onGetSearch)
                .onMessage(CancelSearch.class, this::onCancelSearch)
                .onMessage(SubscribeSearch.class, this::onSubscribeSearch)
                .onMessage(GetSupervisorStatus.class, this::onGetSupervisorStatus)
                .onMessage(RunReported.class, this::onRunReported)
                .onMessage(RunStopped.class, this::onRunStopped)
                .onMessage(SubscriberStopped.class, this::onSubscriberStopped)
                .onMessage(Forget.class, this::onForget)
                .build();
    }

    private Behavior<Command> onStartSearch(StartSearch start) {
        PlannedSearch plan;
        try {
            plan = planner.plan(start.spec());
        } catch (SearchRejection e) {
            return reject(start, e.code(), e.field(), e.getMessage());
        }
        if (full()) {
            return rejectFull(start);
        }
        if (plan.strategy().usesModel()) {
            ServiceKey<PredictorPool.Command> key = PredictorPool.modelKey(plan.modelId());
            getContext().ask(Receptionist.Listing.class, getContext().getSystem().receptionist(),
                    settings.admissionTimeout(), replyTo -> Receptionist.find(key, replyTo),
                    (listing, failure) -> new WorkersFound(start, plan, listing, failure));
        } else if (plan.strategy() == LatencyStrategy.MEASURED) {
            ServiceKey<MeasurementActor.Command> key = MeasurementActor.serviceKey(plan.hardwareId(), plan.space());
            getContext().ask(Receptionist.Listing.class, getContext().getSystem().receptionist(),
                    settings.admissionTimeout(), replyTo -> Receptionist.find(key, replyTo),
                    (listing, failure) -> new WorkersFound(start, plan, listing, failure));
        } else {
            admit(start, plan);
        }
        return this;
    }

    private Behavior<Command> onWorkersFound(WorkersFound found) {
        PlannedSearch plan = found.plan();
        if (found.failure() != null) {
            return reject(found.start(), RejectionCode.UNAVAILABLE, null, "the Receptionist did not answer within "
                    + settings.admissionTimeout() + "; try again");
        }
        if (plan.strategy() == LatencyStrategy.MEASURED) {
            if (found.listing().getServiceInstances(MeasurementActor.serviceKey(plan.hardwareId(), plan.space()))
                    .isEmpty()) {
                return reject(found.start(), RejectionCode.NO_MEASUREMENT_ACTORS, "hardware",
                        "no measurement actor serves hardware '" + plan.hardwareId() + "' for space " + plan.space().id()
                                + "; start a node with the measure role serving it");
            }
            admit(found.start(), plan);
            return this;
        }
        Set<ActorRef<PredictorPool.Command>> pools = found.listing().getServiceInstances(
                PredictorPool.modelKey(plan.modelId()));
        if (pools.isEmpty()) {
            return reject(found.start(), RejectionCode.UNKNOWN_MODEL, "model", "unknown model '" + plan.modelId()
                    + "': no predictor pool serves it (pools serve e.g. simulated:" + plan.hardwareId() + "@"
                    + plan.space().id() + " when configured to)");
        }
        ActorRef<PredictorPool.Command> pool = pools.iterator().next();
        getContext().ask(PredictorPool.ModelReply.class, pool, settings.admissionTimeout(),
                replyTo -> new PredictorPool.DescribeModel(plan.modelId(), replyTo),
                (reply, failure) -> new ModelChecked(found.start(), plan, pool, reply, failure));
        return this;
    }

    private Behavior<Command> onModelChecked(ModelChecked checked) {
        PlannedSearch plan = checked.plan();
        if (checked.failure() != null) {
            return reject(checked.start(), RejectionCode.UNAVAILABLE, "model", "predictor pool "
                    + checked.pool().path() + " did not describe model " + plan.modelId() + " within "
                    + settings.admissionTimeout() + "; try again");
        }
        if (!(checked.reply() instanceof PredictorPool.ModelDescription model)) {
            return reject(checked.start(), RejectionCode.UNKNOWN_MODEL, "model", "unknown model '" + plan.modelId()
                    + "'; the pool serves " + ((PredictorPool.UnknownModel) checked.reply()).served());
        }
        if (!model.hardwareId().equals(plan.hardwareId())) {
            return reject(checked.start(), RejectionCode.MODEL_MISMATCH, "hardware", "model " + model.modelId()
                    + " predicts latencies on " + model.hardwareId() + ", not on " + plan.hardwareId());
        }
        if (!model.spaceId().equals(plan.space().id())) {
            return reject(checked.start(), RejectionCode.MODEL_MISMATCH, "space", "model " + model.modelId()
                    + " predicts for space " + model.spaceId() + ", not " + plan.space().id());
        }
        admit(checked.start(), plan.restrictedTo(model.resolutions().stream().mapToInt(Integer::intValue).toArray()));
        return this;
    }

    private Behavior<Command> onGetSearch(GetSearch get) {
        Entry entry = searches.get(get.searchId());
        get.replyTo().tell(entry == null ? new SearchNotFound(get.searchId()) : info(entry));
        return this;
    }

    private Behavior<Command> onCancelSearch(CancelSearch cancel) {
        Entry entry = searches.get(cancel.searchId());
        if (entry == null) {
            cancel.replyTo().tell(new SearchNotFound(cancel.searchId()));
        } else if (entry.state.finished()) {
            cancel.replyTo().tell(new SearchAlreadyEnded(entry.id, entry.state));
        } else if (entry.state == SearchState.QUEUED) {
            queue.remove(entry.id);
            cancel.replyTo().tell(new CancelRequested(entry.id, SearchState.QUEUED));
            end(entry, SearchState.CANCELLED, nothingFound(entry.plan), null);
        } else {
            entry.run.tell(SearchRun.Cancel.INSTANCE);
            cancel.replyTo().tell(new CancelRequested(entry.id, SearchState.RUNNING));
        }
        return this;
    }

    private Behavior<Command> onSubscribeSearch(SubscribeSearch subscribe) {
        Entry entry = searches.get(subscribe.searchId());
        if (entry == null) {
            subscribe.subscriber().tell(new SearchNotFound(subscribe.searchId()));
        } else if (entry.state.finished()) {
            subscribe.subscriber().tell(new SearchEnded(entry.id, info(entry)));
        } else {
            entry.subscribers.add(subscribe.subscriber());
            if (watchedSubscribers.add(subscribe.subscriber())) {
                getContext().watchWith(subscribe.subscriber(), new SubscriberStopped(subscribe.subscriber()));
            }
            subscribe.subscriber().tell(info(entry));
        }
        return this;
    }

    private Behavior<Command> onGetSupervisorStatus(GetSupervisorStatus get) {
        get.replyTo().tell(new SupervisorStatus(running, queue.size(), searches.size(), settings.maxConcurrent(),
                settings.queueSize(), accepted, rejected, done, failed, cancelled));
        return this;
    }

    private Behavior<Command> onRunReported(RunReported reported) {
        SearchRun.Report report = reported.report();
        Entry entry = searches.get(report.searchId());
        if (entry == null || entry.state != SearchState.RUNNING) {
            return this;
        }
        if (report instanceof SearchRun.Progressed progressed) {
            entry.progress = progressed.progress();
            publish(entry, new GenerationCompleted(entry.id, progressed.progress()));
        } else if (report instanceof SearchRun.ConstraintFinished constraint) {
            entry.finishedConstraints.add(constraint.outcome());
            publish(entry, new ConstraintCompleted(entry.id, constraint.index(), constraint.outcome()));
        } else if (report instanceof SearchRun.Finished finished) {
            getContext().stop(entry.run);
            SearchOutcome outcome = finished.outcome() == null ? nothingFound(entry.plan) : finished.outcome();
            end(entry, finished.state(), outcome, finished.failure());
        }
        return this;
    }

    private Behavior<Command> onRunStopped(RunStopped stopped) {
        Entry entry = searches.get(stopped.searchId());
        if (entry != null && entry.state == SearchState.RUNNING) {
            end(entry, SearchState.FAILED, nothingFound(entry.plan), "the search's actor stopped unexpectedly");
        }
        return this;
    }

    private Behavior<Command> onSubscriberStopped(SubscriberStopped stopped) {
        watchedSubscribers.remove(stopped.subscriber());
        searches.values().forEach(entry -> entry.subscribers.remove(stopped.subscriber()));
        return this;
    }

    private Behavior<Command> onForget(Forget forget) {
        Entry entry = searches.get(forget.searchId());
        if (entry != null && entry.state.finished()) {
            searches.remove(forget.searchId());
            finishedOrder.remove(forget.searchId());
        }
        return this;
    }

    private boolean full() {
        return running >= settings.maxConcurrent() && queue.size() >= settings.queueSize();
    }

    private void admit(StartSearch start, PlannedSearch plan) {
        if (full()) {
            rejectFull(start);
            return;
        }
        Entry entry = new Entry(UUID.randomUUID().toString(), plan);
        searches.put(entry.id, entry);
        accepted++;
        if (running < settings.maxConcurrent()) {
            run(entry);
            start.replyTo().tell(new SearchAccepted(entry.id, SearchState.RUNNING, 0));
        } else {
            queue.addLast(entry.id);
            start.replyTo().tell(new SearchAccepted(entry.id, SearchState.QUEUED, queue.size()));
        }
        getContext().getLog().info("search {} accepted ({} {} on {}, {}): {}", entry.id, plan.space().id(),
                plan.request().latencyConstraintsMs(), plan.hardwareId(), plan.latencySource(), entry.state);
    }

    private void run(Entry entry) {
        running++;
        entry.state = SearchState.RUNNING;
        entry.startedAt = Instant.now();
        entry.run = getContext().spawn(SearchRun.create(entry.id, entry.plan, resources, settings, reports),
                "search-" + entry.id);
        getContext().watchWith(entry.run, new RunStopped(entry.id));
        publish(entry, new SearchStarted(entry.id, entry.startedAt));
    }

    private void end(Entry entry, SearchState state, SearchOutcome outcome, String failure) {
        if (entry.state == SearchState.RUNNING) {
            running--;
        }
        entry.state = state;
        entry.result = outcome;
        entry.failure = failure;
        entry.finishedAt = Instant.now();
        switch (state) {
            case DONE -> done++;
            case FAILED -> failed++;
            default -> cancelled++;
        }
        publish(entry, new SearchEnded(entry.id, info(entry)));
        entry.subscribers.clear();
        finishedOrder.addLast(entry.id);
        timers.startSingleTimer(new Forget(entry.id), settings.keepFinishedFor());
        while (finishedOrder.size() > settings.keepFinished()) {
            String oldest = finishedOrder.pollFirst();
            searches.remove(oldest);
            timers.cancel(new Forget(oldest));
        }
        startQueued();
    }

    private void startQueued() {
        while (running < settings.maxConcurrent() && !queue.isEmpty()) {
            run(searches.get(queue.pollFirst()));
        }
    }

    private void publish(Entry entry, SearchEvent event) {
        entry.subscribers.forEach(subscriber -> subscriber.tell(event));
    }

    private Behavior<Command> reject(StartSearch start, RejectionCode code, String field, String reason) {
        rejected++;
        start.replyTo().tell(new SearchRejected(code, field, reason, 0));
        return this;
    }

    private Behavior<Command> rejectFull(StartSearch start) {
        rejected++;
        start.replyTo().tell(new SearchRejected(RejectionCode.QUEUE_FULL, null, settings.maxConcurrent()
                + " searches are running and " + queue.size() + " waiting, as many as this supervisor takes; try again in "
                + settings.retryAfter().toSeconds() + " s", settings.retryAfter().toMillis()));
        return this;
    }

    private SearchInfo info(Entry entry) {
        int position = 0;
        if (entry.state == SearchState.QUEUED) {
            for (String id : queue) {
                position++;
                if (id.equals(entry.id)) {
                    break;
                }
            }
        }
        return new SearchInfo(entry.id, entry.plan.spec(), entry.state, position, entry.progress,
                entry.finishedConstraints, entry.result, entry.failure, entry.submittedAt, entry.startedAt,
                entry.finishedAt);
    }

    /** The result of a search that found nothing: every constraint cancelled without an architecture. */
    private SearchOutcome nothingFound(PlannedSearch plan) {
        List<ConstraintOutcome> front = new ArrayList<>();
        for (double constraint : plan.request().latencyConstraintsMs()) {
            front.add(new ConstraintOutcome(constraint, SearchStatus.CANCELLED, null, Double.NaN, false, Double.NaN, 0, 0,
                    0, 0));
        }
        return new SearchOutcome(front, "", false, plan.latencySource(), 0, 0, 0);
    }
}
