package io.latnas.runtime.search;

import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.space.Architecture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The latencies of one batch of a search's candidates (one call of the search's evaluator), gathered from
 * other actors: a short-lived aggregator in the manner of Pekko's scatter-gather pattern. It splits the
 * distinct architectures into chunks (a pool request of up to {@code chunk-size} architectures, or one
 * measurement each), sends them out spread over the workers it was given, collects the replies through
 * message adapters, and completes {@code answer} once every chunk is answered; then it stops.
 *
 * <p>A chunk whose worker fails it is sent again, to another worker where there is one. After
 * {@code reply-timeout} without any message, every chunk still out is sent again the same way. A chunk
 * that fails {@code max-attempts} times fails the whole batch with the last reason
 * ({@link GenerationFailedException}). Stopped before it finished (the search was cancelled), it completes
 * {@code answer} with a {@link CancellationException} and sends nothing more. The bookkeeping is
 * {@link ChunkPlan}'s.
 */
final class GenerationFanOut extends AbstractBehavior<GenerationFanOut.Command> {

    sealed interface Command {
    }

    private record PoolReplied(PredictorPool.PredictReply reply) implements Command {
    }

    private record DeviceReplied(MeasurementActor.Reply reply) implements Command {
    }

    private enum Silence implements Command {
        INSTANCE
    }

    /** Where the chunks go. */
    sealed interface Workers permits Pools, Devices {
        int count();
    }

    /** Predictor pools serving {@code modelId}; chunks of up to {@code chunkSize} architectures. */
    record Pools(String modelId, List<ActorRef<PredictorPool.Command>> pools, int chunkSize) implements Workers {
        @Override
        public int count() {
            return pools.size();
        }
    }

    /** Measurement actors; one architecture per chunk, at most {@code inFlightPerActor} out at each. */
    record Devices(String hardwareId, List<ActorRef<MeasurementActor.Command>> actors, int inFlightPerActor)
            implements Workers {
        @Override
        public int count() {
            return actors.size();
        }
    }

    /**
     * @param latenciesMs one per architecture asked about, in order
     * @param cacheHits   architectures a pool answered from its cache
     * @param cacheMisses architectures a pool computed
     */
    record Answer(double[] latenciesMs, long cacheHits, long cacheMisses) {
    }

    /** How long to wait for replies, and how often to try a chunk. */
    record Timing(Duration replyTimeout, int maxAttempts) {
    }

    private final int batchSize;
    private final Workers workers;
    private final Timing timing;
    private final CompletableFuture<Answer> answer;
    private final int[] distinctOf;
    private final List<Architecture> distinct;
    private final Map<Architecture, Integer> indexOf;
    private final int chunkSize;
    private final double[] distinctMs;
    private final ChunkPlan plan;
    private final ActorRef<PredictorPool.PredictReply> poolReplies;
    private final ActorRef<MeasurementActor.Reply> deviceReplies;
    private long cacheHits;
    private long cacheMisses;

    private GenerationFanOut(ActorContext<Command> context, List<Architecture> archs, int batchSize, Workers workers,
                             Timing timing, CompletableFuture<Answer> answer) {
        super(context);
        this.batchSize = batchSize;
        this.workers = workers;
        this.timing = timing;
        this.answer = answer;
        this.distinctOf = new int[archs.size()];
        this.indexOf = new LinkedHashMap<>();
        for (int i = 0; i < archs.size(); i++) {
            Integer index = indexOf.putIfAbsent(archs.get(i), indexOf.size());
            distinctOf[i] = index == null ? indexOf.size() - 1 : index;
        }
        this.distinct = new ArrayList<>(indexOf.keySet());
        this.chunkSize = workers instanceof Pools pools ? pools.chunkSize() : 1;
        this.distinctMs = new double[distinct.size()];
        int chunks = (distinct.size() + chunkSize - 1) / chunkSize;
        int inFlight = workers instanceof Devices devices ? devices.inFlightPerActor() : Integer.MAX_VALUE;
        this.plan = new ChunkPlan(chunks, workers.count(), timing.maxAttempts(), inFlight);
        this.poolReplies = context.messageAdapter(PredictorPool.PredictReply.class, PoolReplied::new);
        this.deviceReplies = context.messageAdapter(MeasurementActor.Reply.class, DeviceReplied::new);
        context.setReceiveTimeout(timing.replyTimeout(), Silence.INSTANCE);
    }

    /**
     * Gathers the latencies of {@code archs} at {@code batchSize} from {@code workers} (at least one) into
     * {@code answer}.
     */
    static Behavior<Command> create(List<Architecture> archs, int batchSize, Workers workers, Timing timing,
                                    CompletableFuture<Answer> answer) {
        return Behaviors.setup(context -> new GenerationFanOut(context, archs, batchSize, workers, timing, answer)
                .dispatchOrFinish());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PoolReplied.class, this::onPoolReplied)
                .onMessage(DeviceReplied.class, this::onDeviceReplied)
                .onMessageEquals(Silence.INSTANCE, this::onSilence)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onPoolReplied(PoolReplied replied) {
        PredictorPool.PredictReply reply = replied.reply();
        var assignment = plan.assignment(reply.requestId());
        if (assignment.isEmpty()) {
            return this;
        }
        int chunk = assignment.get().chunk();
        if (reply instanceof PredictorPool.Predicted predicted) {
            int from = chunk * chunkSize;
            int size = Math.min(distinct.size(), from + chunkSize) - from;
            if (predicted.latenciesMs().length != size) {
                plan.failed(reply.requestId(), "pool " + name(assignment.get().worker()) + " answered "
                        + predicted.latenciesMs().length + " latencies for " + size + " architectures");
            } else if (plan.succeeded(reply.requestId())) {
                System.arraycopy(predicted.latenciesMs(), 0, distinctMs, from, size);
                cacheHits += predicted.hits();
                cacheMisses += predicted.misses();
            }
        } else {
            plan.failed(reply.requestId(), ((PredictorPool.PredictionFailed) reply).reason());
        }
        return dispatchOrFinish();
    }

    private Behavior<Command> onDeviceReplied(DeviceReplied replied) {
        MeasurementActor.Reply reply = replied.reply();
        Integer chunk = reply.batchSize() == batchSize ? indexOf.get(reply.architecture()) : null;
        if (chunk == null) {
            return this;
        }
        if (reply instanceof MeasurementActor.Measured measured) {
            if (plan.succeededChunk(chunk)) {
                distinctMs[chunk] = measured.latencyMs();
            }
        } else if (reply instanceof MeasurementActor.MeasurementFailed failed) {
            plan.failedChunk(chunk, failed.reason() + " (" + failed.node() + ")");
        } else if (reply instanceof MeasurementActor.Rejected rejected) {
            plan.failedChunk(chunk, "measurement actor on " + rejected.node() + " rejected it: its queue of "
                    + rejected.queueSize() + " was full");
        }
        return dispatchOrFinish();
    }

    private Behavior<Command> onSilence() {
        plan.timedOut("no answer within " + timing.replyTimeout());
        return dispatchOrFinish();
    }

    private Behavior<Command> onPostStop() {
        answer.completeExceptionally(new CancellationException("the search stopped before its latencies were in"));
        return this;
    }

    private Behavior<Command> dispatchOrFinish() {
        if (plan.failure().isPresent()) {
            answer.completeExceptionally(new GenerationFailedException(describe() + " " + plan.failure().get()));
            return Behaviors.stopped();
        }
        if (plan.finished()) {
            double[] latencies = new double[distinctOf.length];
            for (int i = 0; i < latencies.length; i++) {
                latencies[i] = distinctMs[distinctOf[i]];
            }
            answer.complete(new Answer(latencies, cacheHits, cacheMisses));
            return Behaviors.stopped();
        }
        for (ChunkPlan.Assignment assignment : plan.assign()) {
            send(assignment);
        }
        return this;
    }

    private void send(ChunkPlan.Assignment assignment) {
        int from = assignment.chunk() * chunkSize;
        if (workers instanceof Pools pools) {
            List<Architecture> chunk = List.copyOf(distinct.subList(from, Math.min(distinct.size(), from + chunkSize)));
            pools.pools().get(assignment.worker()).tell(new PredictorPool.Predict(pools.modelId(), batchSize, chunk,
                    assignment.attempt(), poolReplies));
        } else {
            Devices devices = (Devices) workers;
            devices.actors().get(assignment.worker()).tell(new MeasurementActor.Measure(distinct.get(from), batchSize,
                    deviceReplies));
        }
    }

    private String describe() {
        return workers instanceof Pools pools ? "latencies from model " + pools.modelId() + ":"
                : "measurements on " + ((Devices) workers).hardwareId() + ":";
    }

    private String name(int worker) {
        return workers instanceof Pools pools ? pools.pools().get(worker).path().toString()
                : ((Devices) workers).actors().get(worker).path().toString();
    }
}
