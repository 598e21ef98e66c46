package io.latnas.runtime.search;

import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.search.CancellationToken;
import io.latnas.space.Architecture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Runs one search for its {@link SearchSupervisor}, which spawns one per admitted search and stops it
 * once it has reported {@link Finished}.
 *
 * <p>Threading. The search itself ({@link SearchJob}, around {@link io.latnas.search.EvolutionFinder}) is
 * CPU-bound and, for actor-backed strategies, waits for each generation's latencies; it runs as one task
 * on the search dispatcher ({@code latnas.search-dispatcher}, one thread per concurrent search), never on
 * the default dispatcher, whose threads the actors it waits for need. Its evaluator hands each batch to
 * this actor as a message; the actor spawns a {@link GenerationFanOut} child for it, which completes the
 * future the search thread waits on. Progress comes back the same way, as messages to this actor.
 *
 * <p>Actor-backed strategies find their workers (the predictor pools serving the model, or the
 * measurement actors serving the hardware and space) through the Receptionist and follow the listing;
 * the search starts once there is one, and fails when none turns up within {@code worker-wait-timeout}.
 *
 * <p>Cancelling marks the search's token (the finder stops between generations) and stops a fan-out in
 * progress, which sends nothing more; the search thread then unwinds and the best found so far is
 * reported as {@link SearchState#CANCELLED}.
 */
final class SearchRun extends AbstractBehavior<SearchRun.Command> {

    /** A run and its supervisor are on one node, and the run's messages carry futures: never serialized. */
    sealed interface Command extends NoSerializationVerificationNeeded {
    }

    /** Stop searching and report what was found. */
    enum Cancel implements Command {
        INSTANCE
    }

    /** What the run tells its supervisor. */
    sealed interface Report extends NoSerializationVerificationNeeded {
        String searchId();
    }

    record Progressed(String searchId, SearchProgressInfo progress) implements Report {
    }

    record ConstraintFinished(String searchId, int index, ConstraintOutcome outcome) implements Report {
    }

    /**
     * The last report: the search ended {@code DONE}, {@code CANCELLED} or {@code FAILED}.
     *
     * @param failure why it failed, or null
     */
    record Finished(String searchId, SearchState state, SearchOutcome outcome, String failure) implements Report {
    }

    private record WorkersListed(Receptionist.Listing listing) implements Command {
    }

    private record EvaluateBatch(List<Architecture> archs, int batchSize,
                                 CompletableFuture<GenerationFanOut.Answer> answer) implements Command {
    }

    private record GenerationDone(SearchProgressInfo progress) implements Command {
    }

    private record ConstraintDone(int index, ConstraintOutcome outcome) implements Command {
    }

    private record SearchDone(SearchOutcome outcome, Throwable failure) implements Command {
    }

    private enum NoWorkers implements Command {
        INSTANCE
    }

    private final String searchId;
    private final PlannedSearch plan;
    private final SearchResources resources;
    private final SearchSupervisorSettings settings;
    private final ActorRef<Report> supervisor;
    private final TimerScheduler<Command> timers;
    private final CancellationToken cancellation = new CancellationToken();
    private final ServiceKey<PredictorPool.Command> poolKey;
    private final ServiceKey<MeasurementActor.Command> deviceKey;
    private List<ActorRef<PredictorPool.Command>> pools = List.of();
    private List<ActorRef<MeasurementActor.Command>> devices = List.of();
    private SearchJob job;
    private ActorRef<GenerationFanOut.Command> fanOut;
    private int fanOuts;
    private boolean finished;

    private SearchRun(ActorContext<Command> context, TimerScheduler<Command> timers, String searchId,
                      PlannedSearch plan, SearchResources resources, SearchSupervisorSettings settings,
                      ActorRef<Report> supervisor) {
        super(context);
        this.searchId = searchId;
        this.plan = plan;
        this.resources = resources;
        this.settings = settings;
        this.supervisor = supervisor;
        this.timers = timers;
        this.poolKey = plan.strategy().usesModel() ? PredictorPool.modelKey(plan.modelId()) : null;
        this.deviceKey = plan.strategy() == LatencyStrategy.MEASURED
                ? MeasurementActor.serviceKey(plan.hardwareId(), plan.space()) : null;
    }

    static Behavior<Command> create(String searchId, PlannedSearch plan, SearchResources resources,
                                    SearchSupervisorSettings settings, ActorRef<Report> supervisor) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new SearchRun(context, timers, searchId, plan, resources, settings, supervisor).begin()));
    }

    private Behavior<Command> begin() {
        if (!plan.strategy().usesActors()) {
            return startSearch();
        }
        ActorRef<Receptionist.Listing> listings = getContext().messageAdapter(Receptionist.Listing.class,
                WorkersListed::new);
        getContext().getSystem().receptionist().tell(poolKey != null ? Receptionist.subscribe(poolKey, listings)
                : Receptionist.subscribe(deviceKey, listings));
        timers.startSingleTimer(NoWorkers.INSTANCE, settings.workerWaitTimeout());
        return this;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(EvaluateBatch.class, this::onEvaluateBatch)
                .onMessage(GenerationDone.class, this::onGenerationDone)
                .onMessage(ConstraintDone.class, this::onConstraintDone)
                .onMessage(SearchDone.class, this::onSearchDone)
                .onMessage(WorkersListed.class, this::onWorkersListed)
                .onMessageEquals(Cancel.INSTANCE, this::onCancel)
                .onMessageEquals(NoWorkers.INSTANCE, this::onNoWorkers)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onWorkersListed(WorkersListed listed) {
        if (poolKey != null) {
            pools = List.copyOf(listed.listing().getServiceInstances(poolKey));
        } else {
            devices = List.copyOf(listed.listing().getServiceInstances(deviceKey));
        }
        if (job == null && !finished && (!pools.isEmpty() || !devices.isEmpty())) {
            timers.cancel(NoWorkers.INSTANCE);
            return startSearch();
        }
        return this;
    }

    private Behavior<Command> onNoWorkers() {
        if (job == null && !finished) {
            finish(SearchState.FAILED, null, "no " + workerKind() + " was listed within " + settings.workerWaitTimeout());
        }
        return this;
    }

    private Behavior<Command> onEvaluateBatch(EvaluateBatch evaluate) {
        if (cancellation.isCancelled()) {
            evaluate.answer().completeExceptionally(new CancellationException("the search was cancelled"));
            return this;
        }
        GenerationFanOut.Workers workers = poolKey != null
                ? new GenerationFanOut.Pools(plan.modelId(), pools, settings.chunkSize())
                : new GenerationFanOut.Devices(plan.hardwareId(), devices, settings.inFlightPerActor());
        if (workers.count() == 0) {
            evaluate.answer().completeExceptionally(new GenerationFailedException("no " + workerKind()
                    + " is listed any more"));
            return this;
        }
        fanOut = getContext().spawn(GenerationFanOut.create(evaluate.archs(), evaluate.batchSize(), workers,
                new GenerationFanOut.Timing(settings.replyTimeout(), settings.maxAttempts()), evaluate.answer()),
                "fan-out-" + (++fanOuts));
        return this;
    }

    private Behavior<Command> onGenerationDone(GenerationDone done) {
        supervisor.tell(new Progressed(searchId, done.progress()));
        return this;
    }

    private Behavior<Command> onConstraintDone(ConstraintDone done) {
        supervisor.tell(new ConstraintFinished(searchId, done.index(), done.outcome()));
        return this;
    }

    private Behavior<Command> onSearchDone(SearchDone done) {
        Throwable failure = done.failure() instanceof CompletionException && done.failure().getCause() != null
                ? done.failure().getCause() : done.failure();
        if (failure == null) {
            boolean cancelled = done.outcome().front().stream()
                    .anyMatch(c -> c.status() == io.latnas.search.SearchStatus.CANCELLED);
            finish(cancelled ? SearchState.CANCELLED : SearchState.DONE, done.outcome(), null);
        } else if (failure instanceof CancellationException && cancellation.isCancelled()) {
            finish(SearchState.CANCELLED, job.partial(), null);
        } else {
            String reason = failure.getMessage() == null || failure.getMessage().isBlank()
                    ? failure.getClass().getSimpleName() : failure.getMessage();
            getContext().getLog().warn("search {} failed: {}", searchId, reason);
            finish(SearchState.FAILED, job.partial(), reason);
        }
        return this;
    }

    private Behavior<Command> onCancel() {
        cancellation.cancel();
        if (fanOut != null) {
            getContext().stop(fanOut);
        }
        if (job == null && !finished) {
            finish(SearchState.CANCELLED, null, null);
        }
        return this;
    }

    private Behavior<Command> onPostStop() {
        // The search thread notices within its poll interval and unwinds.
        cancellation.cancel();
        return this;
    }

    private Behavior<Command> startSearch() {
        ActorRef<Command> self = getContext().getSelf();
        job = new SearchJob(plan, resources, (archs, batchSize) -> {
            CompletableFuture<GenerationFanOut.Answer> answer = new CompletableFuture<>();
            self.tell(new EvaluateBatch(archs, batchSize, answer));
            return answer;
        }, settings.generationTimeout(), cancellation, new SearchJob.Listener() {
            @Override
            public void onGeneration(SearchProgressInfo progress) {
                self.tell(new GenerationDone(progress));
            }

            @Override
            public void onConstraint(int index, ConstraintOutcome outcome) {
                self.tell(new ConstraintDone(index, outcome));
            }
        });
        Executor executor = getContext().getSystem().dispatchers().lookup(
                DispatcherSelector.fromConfig(settings.dispatcher()));
        SearchJob running = job;
        getContext().pipeToSelf(CompletableFuture.supplyAsync(running::run, executor), SearchDone::new);
        return this;
    }

    private void finish(SearchState state, SearchOutcome outcome, String failure) {
        finished = true;
        supervisor.tell(new Finished(searchId, state, outcome, failure));
    }

    private String workerKind() {
        return poolKey != null ? "predictor pool serving model " + plan.modelId()
                : "measurement actor serving " + plan.hardwareId() + "@" + plan.space().id();
    }
}
