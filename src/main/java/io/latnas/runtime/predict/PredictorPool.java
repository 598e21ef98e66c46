package io.latnas.runtime.predict;

import io.latnas.common.InvalidInputException;
import io.latnas.inference.BatchLatencyModel;
import io.latnas.inference.LatencyCache;
import io.latnas.runtime.serialization.CborSerializable;
import io.latnas.space.Architecture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A node's latency predictors: answers {@link Predict} for the models registered with it, from the
 * node-wide {@link LatencyCache} where it can and by model calls where it must.
 *
 * <p>Micro-batching: the architectures a request misses wait, per (model, batch size), for the batch
 * window; every request arriving meanwhile adds its misses to the same set, until the window ends or
 * {@code max-batch} architectures wait. The set then goes to the workers as batched
 * {@link BatchLatencyModel#predictMs} calls, and each requester gets its own slice back. An architecture
 * that several requests miss at once is predicted once. With a window of 0 (the shipped setting) the set
 * closes as soon as the requests already in the mailbox are handled, adding no delay; batches that wait
 * for a busy worker are merged when it frees up, so batches grow with the load. A positive window is a
 * timer and lasts at least one scheduler tick. The bookkeeping is {@link PredictionQueue}'s.
 *
 * <p>Model calls run in {@link PredictorWorker}s on the configured dispatcher (by default
 * {@code latnas.blocking-dispatcher}), one call per worker at a time; batches wait in the pool while all
 * workers are busy. A model that fails, or answers something that is not a latency, fails the requests
 * that asked for those architectures with its reason; nothing is made up and nothing failed is cached.
 *
 * <p>The pool registers under {@link #SERVICE_KEY}, and under {@link #modelKey} for each model it serves,
 * so that searches on any node find the pools serving a model.
 */
public final class PredictorPool extends AbstractBehavior<PredictorPool.Command> {

    /** Every predictor pool registers here. */
    public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "predictor-pool");

    public sealed interface Command {
    }

    /**
     * Predict {@code architectures} with model {@code modelId} at {@code batchSize}. The reply echoes
     * {@code requestId}, so a caller with several requests out can match replies to them.
     */
    public record Predict(String modelId, int batchSize, List<Architecture> architectures, long requestId,
                          ActorRef<PredictReply> replyTo) implements Command, CborSerializable {

        public Predict(String modelId, int batchSize, List<Architecture> architectures, ActorRef<PredictReply> replyTo) {
            this(modelId, batchSize, architectures, 0, replyTo);
        }
    }

    public sealed interface PredictReply extends CborSerializable {
        String modelId();

        int batchSize();

        long requestId();
    }

    /**
     * @param latenciesMs one latency per architecture asked about, in order
     * @param hits        architectures answered from the node-wide cache
     * @param misses      architectures that needed a model call
     */
    public record Predicted(String modelId, int batchSize, long requestId, double[] latenciesMs, int hits, int misses)
            implements PredictReply {

        @Override
        public boolean equals(Object o) {
            return o instanceof Predicted p && modelId.equals(p.modelId) && batchSize == p.batchSize
                    && requestId == p.requestId && Arrays.equals(latenciesMs, p.latenciesMs) && hits == p.hits
                    && misses == p.misses;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * modelId.hashCode() + Long.hashCode(requestId)) + Arrays.hashCode(latenciesMs);
        }

        @Override
        public String toString() {
            return "Predicted[" + modelId + ", batch " + batchSize + ", request " + requestId + ", "
                    + Arrays.toString(latenciesMs) + ", hits " + hits + ", misses " + misses + "]";
        }
    }

    /** Nothing predicted: the reason names the model and, where one is at fault, the architecture. */
    public record PredictionFailed(String modelId, int batchSize, long requestId, String reason)
            implements PredictReply {
    }

    /**
     * Serve {@code model} from now on, replacing (and forgetting the cached answers of) a model with the same
     * id. Models are local objects, so this message never crosses nodes and is not serialized.
     */
    public record RegisterModel(BatchLatencyModel model, ActorRef<ModelRegistered> replyTo)
            implements Command, NoSerializationVerificationNeeded {
    }

    public record ModelRegistered(String modelId, boolean replaced) implements NoSerializationVerificationNeeded {
    }

    public record DescribeModel(String modelId, ActorRef<ModelReply> replyTo) implements Command, CborSerializable {
    }

    public sealed interface ModelReply extends CborSerializable {
    }

    /**
     * A model this pool serves: the hardware and search space it predicts for.
     *
     * @param resolutions the space's resolutions the model answers for (a lookup table covers only some)
     */
    public record ModelDescription(String modelId, String hardwareId, String spaceId, List<Integer> resolutions)
            implements ModelReply {

        public ModelDescription {
            resolutions = List.copyOf(resolutions);
        }
    }

    public record UnknownModel(String modelId, List<String> served) implements ModelReply {
    }

    public record GetPoolStatus(ActorRef<PoolStatus> replyTo) implements Command, CborSerializable {
    }

    /**
     * What the pool is doing and has done, as plain numbers.
     *
     * @param busyWorkers         workers running a model call now
     * @param queuedBatches       batches waiting for a worker
     * @param queuedArchitectures architectures not yet handed to a worker (in an open window or a waiting batch)
     * @param inFlightBatches     model calls running now
     * @param requests            {@link Predict} requests received
     * @param failedRequests      requests answered with {@link PredictionFailed}
     * @param modelCalls          batches handed to workers
     * @param predictions         architectures in those batches
     * @param cacheHits           lookups the node-wide cache answered
     * @param cacheMisses         lookups it could not
     * @param cacheSize           entries it holds
     * @param cacheEvictions      entries it dropped to stay within its size
     */
    public record PoolStatus(String node, List<ModelDescription> models, int workers, int busyWorkers,
                             int queuedBatches, int queuedArchitectures, int inFlightBatches, long requests,
                             long failedRequests, long modelCalls, long predictions, long cacheHits,
                             long cacheMisses, long cacheSize, long cacheEvictions, long cacheMaximumSize)
            implements CborSerializable {

        public PoolStatus {
            models = List.copyOf(models);
        }

        public double cacheHitRate() {
            long lookups = cacheHits + cacheMisses;
            return lookups == 0 ? 0 : (double) cacheHits / lookups;
        }

        /** Prometheus-style names and values, for a metrics endpoint. */
        public Map<String, Number> toMetrics() {
            Map<String, Number> metrics = new LinkedHashMap<>();
            metrics.put("latnas_predictor_workers", workers);
            metrics.put("latnas_predictor_workers_busy", busyWorkers);
            metrics.put("latnas_predictor_queue_batches", queuedBatches);
            metrics.put("latnas_predictor_queue_architectures", queuedArchitectures);
            metrics.put("latnas_predictor_inflight_batches", inFlightBatches);
            metrics.put("latnas_predictor_requests_total", requests);
            metrics.put("latnas_predictor_requests_failed_total", failedRequests);
            metrics.put("latnas_predictor_model_calls_total", modelCalls);
            metrics.put("latnas_predictor_predictions_total", predictions);
            metrics.put("latnas_predictor_cache_hits_total", cacheHits);
            metrics.put("latnas_predictor_cache_misses_total", cacheMisses);
            metrics.put("latnas_predictor_cache_hit_rate", cacheHitRate());
            metrics.put("latnas_predictor_cache_entries", cacheSize);
            metrics.put("latnas_predictor_cache_evictions_total", cacheEvictions);
            return metrics;
        }
    }

    private record WorkerAnswered(PredictorWorker.Answer answer) implements Command {
    }

    /** Sent to itself, also without a timer (a zero window), so it is local by nature. */
    private record WindowEnded(PredictionQueue.BatchKey key) implements Command, NoSerializationVerificationNeeded {
    }

    private record WorkerStopped(ActorRef<PredictorWorker.Command> worker) implements Command {
    }

    private record ModelOpened(BatchLatencyModel model, ServedModel served) implements Command {
    }

    private record ModelNotOpened(ServedModel served, String reason) implements Command {
    }

    private final PredictorPoolSettings settings;
    private final TimerScheduler<Command> timers;
    private final LatencyCache cache;
    private final PredictionQueue<Predict> queue;
    private final String node;
    private final Map<String, BatchLatencyModel> models = new TreeMap<>();
    private final Deque<ActorRef<PredictorWorker.Command>> idle = new ArrayDeque<>();
    private final Map<ActorRef<PredictorWorker.Command>, Long> busy = new HashMap<>();
    private final Set<PredictionQueue.BatchKey> openWindows = new HashSet<>();
    private final ActorRef<PredictorWorker.Answer> answers;
    private int workersSpawned;
    private long requests;
    private long failedRequests;
    private long modelCalls;
    private long predictions;

    private PredictorPool(ActorContext<Command> context, TimerScheduler<Command> timers,
                          PredictorPoolSettings settings, LatencyCache cache, PredictionModels opener) {
        super(context);
        this.settings = settings;
        this.timers = timers;
        this.cache = cache;
        this.queue = new PredictionQueue<>(cache, settings.maxBatch());
        this.node = context.getSystem().address().toString();
        this.answers = context.messageAdapter(PredictorWorker.Answer.class, WorkerAnswered::new);
        for (int i = 0; i < settings.workers(); i++) {
            spawnWorker();
        }
        Executor executor = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(settings.dispatcher()));
        for (ServedModel served : settings.models()) {
            context.pipeToSelf(CompletableFuture.supplyAsync(() -> opener.open(served), executor),
                    (model, failure) -> failure == null ? new ModelOpened(model, served)
                            : new ModelNotOpened(served, reason(failure)));
        }
        context.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, context.getSelf()));
    }

    /**
     * A pool with the settings' workers and window, over {@code cache} (the node's); it opens the settings'
     * models with {@code opener} on its workers' dispatcher and serves each once it is open.
     */
    public static Behavior<Command> create(PredictorPoolSettings settings, LatencyCache cache,
                                           PredictionModels opener) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new PredictorPool(context, timers, settings, cache, opener)));
    }

    /** Where the pools serving model {@code modelId} register. */
    public static ServiceKey<Command> modelKey(String modelId) {
        return ServiceKey.create(Command.class, "predict-" + modelId);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Predict.class, this::onPredict)
                .onMessage(WorkerAnswered.class, this::onWorkerAnswered)
                .onMessage(WindowEnded.class, this::onWindowEnded)
                .onMessage(RegisterModel.class, this::onRegisterModel)
                .onMessage(DescribeModel.class, this::onDescribeModel)
                .onMessage(GetPoolStatus.class, this::onGetPoolStatus)
                .onMessage(ModelOpened.class, this::onModelOpened)
                .onMessage(ModelNotOpened.class, this::onModelNotOpened)
                .onMessage(WorkerStopped.class, this::onWorkerStopped)
                .build();
    }

    private Behavior<Command> onPredict(Predict request) {
        requests++;
        BatchLatencyModel model = request.modelId() == null ? null : models.get(request.modelId());
        String invalid = model == null ? unknownModel(request.modelId()) : invalid(request, model);
        if (invalid != null) {
            fail(request, invalid);
            return this;
        }
        PredictionQueue.Ticket<Predict> ticket = queue.submit(request, request.modelId(), request.batchSize(),
                request.architectures());
        if (ticket.done()) {
            reply(ticket);
            return this;
        }
        PredictionQueue.BatchKey key = new PredictionQueue.BatchKey(request.modelId(), request.batchSize());
        if (queue.forming(key) >= settings.maxBatch()) {
            closeWindow(key);
        } else if (queue.forming(key) > 0 && openWindows.add(key)) {
            if (settings.batchWindow().isZero()) {
                // Requests already in the mailbox are handled before this message: they join the batch.
                getContext().getSelf().tell(new WindowEnded(key));
            } else {
                timers.startSingleTimer(key, new WindowEnded(key), settings.batchWindow());
            }
        }
        return dispatch();
    }

    private Behavior<Command> onWindowEnded(WindowEnded ended) {
        if (openWindows.contains(ended.key())) {
            closeWindow(ended.key());
        }
        return dispatch();
    }

    private Behavior<Command> onWorkerAnswered(WorkerAnswered answered) {
        PredictorWorker.Answer answer = answered.answer();
        if (busy.remove(answer.worker()) != null) {
            idle.addLast(answer.worker());
        }
        List<PredictionQueue.Ticket<Predict>> finished = answer instanceof PredictorWorker.BatchPredicted predicted
                ? queue.completed(predicted.batchId(), predicted.latenciesMs())
                : queue.failed(answer.batchId(), ((PredictorWorker.BatchFailed) answer).reason());
        finished.forEach(this::reply);
        return dispatch();
    }

    private Behavior<Command> onRegisterModel(RegisterModel register) {
        boolean replaced = serve(register.model());
        register.replyTo().tell(new ModelRegistered(register.model().id(), replaced));
        return this;
    }

    private Behavior<Command> onDescribeModel(DescribeModel describe) {
        BatchLatencyModel model = describe.modelId() == null ? null : models.get(describe.modelId());
        describe.replyTo().tell(model == null ? new UnknownModel(describe.modelId(), List.copyOf(models.keySet()))
                : description(model));
        return this;
    }

    private Behavior<Command> onGetPoolStatus(GetPoolStatus request) {
        request.replyTo().tell(status());
        return this;
    }

    private Behavior<Command> onModelOpened(ModelOpened opened) {
        if (!opened.model().id().equals(opened.served().id())) {
            getContext().getLog().warn("model {} opened as {}; serving it under its own id", opened.served().id(),
                    opened.model().id());
        }
        serve(opened.model());
        return this;
    }

    private Behavior<Command> onModelNotOpened(ModelNotOpened failed) {
        getContext().getLog().error("not serving model {}: {}", failed.served().id(), failed.reason());
        return this;
    }

    private Behavior<Command> onWorkerStopped(WorkerStopped stopped) {
        idle.remove(stopped.worker());
        Long batchId = busy.remove(stopped.worker());
        if (batchId != null) {
            queue.failed(batchId, "the worker predicting it stopped").forEach(this::reply);
        }
        getContext().getLog().warn("predictor worker {} stopped; starting another", stopped.worker().path().name());
        spawnWorker();
        return dispatch();
    }

    private boolean serve(BatchLatencyModel model) {
        BatchLatencyModel previous = models.put(model.id(), model);
        if (previous != null) {
            cache.invalidateModel(model.id());
        } else {
            getContext().getSystem().receptionist().tell(Receptionist.register(modelKey(model.id()),
                    getContext().getSelf()));
        }
        getContext().getLog().info("serving model {} ({} on {})", model.id(), model.space().id(), model.hardwareId());
        return previous != null;
    }

    private void closeWindow(PredictionQueue.BatchKey key) {
        openWindows.remove(key);
        timers.cancel(key);
        queue.close(key);
    }

    private Behavior<Command> dispatch() {
        while (!idle.isEmpty() && queue.hasReady()) {
            PredictionQueue.Batch batch = queue.dispatch().orElseThrow();
            ActorRef<PredictorWorker.Command> worker = idle.pollFirst();
            busy.put(worker, batch.id());
            modelCalls++;
            predictions += batch.architectures().size();
            worker.tell(new PredictorWorker.RunBatch(batch.id(), models.get(batch.modelId()), batch.architectures(),
                    batch.batchSize(), answers));
        }
        return this;
    }

    private void reply(PredictionQueue.Ticket<Predict> ticket) {
        Predict request = ticket.requester();
        if (ticket.failure() != null) {
            fail(request, ticket.failure());
        } else {
            request.replyTo().tell(new Predicted(request.modelId(), request.batchSize(), request.requestId(),
                    ticket.latenciesMs(), ticket.hits(), ticket.misses()));
        }
    }

    private void fail(Predict request, String reason) {
        failedRequests++;
        request.replyTo().tell(new PredictionFailed(request.modelId(), request.batchSize(), request.requestId(), reason));
    }

    private void spawnWorker() {
        ActorRef<PredictorWorker.Command> worker = getContext().spawn(PredictorWorker.create(),
                "worker-" + (++workersSpawned), DispatcherSelector.fromConfig(settings.dispatcher()));
        getContext().watchWith(worker, new WorkerStopped(worker));
        idle.addLast(worker);
    }

    private String unknownModel(String modelId) {
        return "unknown model '" + modelId + "'; this pool serves " + (models.isEmpty() ? "none"
                : String.join(", ", models.keySet()));
    }

    private static String invalid(Predict request, BatchLatencyModel model) {
        if (request.batchSize() < 1) {
            return "batch size " + request.batchSize() + " must be at least 1";
        }
        if (request.architectures() == null) {
            return "no architectures given";
        }
        for (int i = 0; i < request.architectures().size(); i++) {
            Architecture arch = request.architectures().get(i);
            if (arch == null) {
                return "architecture " + i + " is missing";
            }
            try {
                model.space().validate(arch);
            } catch (InvalidInputException e) {
                return "architecture " + i + " is not in model " + model.id() + "'s space: " + e.getMessage();
            }
        }
        return null;
    }

    private PoolStatus status() {
        LatencyCache.Stats stats = cache.stats();
        return new PoolStatus(node, models.values().stream().map(PredictorPool::description).toList(),
                idle.size() + busy.size(), busy.size(), queue.readyBatches(), queue.queuedArchitectures(),
                queue.inFlightBatches(), requests, failedRequests, modelCalls, predictions, stats.hits(),
                stats.misses(), stats.size(), stats.evictions(), stats.maximumSize());
    }

    private static ModelDescription description(BatchLatencyModel model) {
        return new ModelDescription(model.id(), model.hardwareId(), model.space().id(),
                Arrays.stream(model.space().resolutions()).boxed().toList());
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName()
                : cause.getMessage();
    }
}
