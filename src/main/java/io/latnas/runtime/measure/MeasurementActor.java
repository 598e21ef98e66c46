package io.latnas.runtime.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.latency.LatencySource;
import io.latnas.measure.external.MeasurementFailedException;
import io.latnas.runtime.serialization.CborSerializable;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Measures architectures on one device, one at a time, with the {@link LatencySource} that
 * {@link MeasurementSources} opens for it. Once the source is open the actor registers with the
 * Receptionist under {@link #serviceKey}, so dataset builders and searches on any node find it.
 *
 * <p>Source calls run on the device's dispatcher and come back as messages, so the actor answers
 * {@link GetStatus} while it measures. Requests wait in a bounded queue; a full queue answers
 * {@link Rejected} at once. A failure is answered as {@link MeasurementFailed}, never as a number; a
 * source that can no longer measure (an external meter that gave up) stops the actor, which takes it
 * out of the Receptionist.
 */
public final class MeasurementActor extends AbstractBehavior<MeasurementActor.Command> {

    /** For closing a source off the actor's thread, where the actor's own log may not be used. */
    private static final Logger log = LoggerFactory.getLogger(MeasurementActor.class);

    public sealed interface Command {
    }

    /** Measure one forward pass of {@code architecture} on a batch of {@code batchSize} images. */
    public record Measure(Architecture architecture, int batchSize, ActorRef<Reply> replyTo)
            implements Command, CborSerializable {
    }

    public record GetStatus(ActorRef<MeasurementStatus> replyTo) implements Command, CborSerializable {
    }

    /** The answer to {@link Measure}, naming what was asked so that a caller with several requests out can match it. */
    public sealed interface Reply extends CborSerializable {
        Architecture architecture();

        int batchSize();

        String hardwareId();
    }

    /**
     * @param source how the number was obtained ({@link LatencySource#kind()})
     * @param node   the address of the node that measured it
     */
    public record Measured(Architecture architecture, int batchSize, double latencyMs, String source,
                           String hardwareId, String node, Instant measuredAt) implements Reply {
    }

    public record MeasurementFailed(Architecture architecture, int batchSize, String hardwareId, String node,
                                    String reason) implements Reply {
    }

    /** Not measured because {@code queueSize} requests were already waiting; ask again later or elsewhere. */
    public record Rejected(Architecture architecture, int batchSize, String hardwareId, String node, int queueSize)
            implements Reply {
    }

    public enum State {
        /** The source is being opened; requests queue, and the actor is not yet registered. */
        OPENING,
        /** Registered and measuring. */
        READY
    }

    /**
     * @param measuring whether a source call is running now
     * @param queued    requests waiting behind it
     * @param measured  requests answered with a latency since the actor started
     * @param failed    requests answered with {@link MeasurementFailed}
     * @param rejected  requests answered with {@link Rejected}
     */
    public record MeasurementStatus(String hardwareId, String spaceId, String source, String node, State state,
                                    boolean measuring, int queued, int queueSize, long measured, long failed,
                                    long rejected) implements CborSerializable {
    }

    private record SourceOpened(LatencySource source) implements Command {
    }

    private record SourceFailed(String reason) implements Command {
    }

    private record MeasurementDone(Measure request, double latencyMs, Instant measuredAt, Throwable failure)
            implements Command {
    }

    private record Timed(double latencyMs, Instant at) {
    }

    private final ServedDevice device;
    private final int queueSize;
    private final Executor executor;
    private final String node;
    private final CompletableFuture<LatencySource> opening;
    private final Deque<Measure> queue = new ArrayDeque<>();
    private LatencySource source;
    private Measure current;
    private long measured;
    private long failed;
    private long rejected;

    private MeasurementActor(ActorContext<Command> context, ServedDevice device, int queueSize,
                             MeasurementSources sources) {
        super(context);
        this.device = device;
        this.queueSize = queueSize;
        this.executor = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(device.dispatcher()));
        this.node = context.getSystem().address().toString();
        this.opening = CompletableFuture.supplyAsync(() -> sources.open(device), executor);
        context.pipeToSelf(opening, (opened, failure) -> failure == null ? new SourceOpened(opened)
                : new SourceFailed(reason(failure)));
    }

    /**
     * An actor measuring on {@code device}; it opens the source on the device's dispatcher and registers
     * once the source is open.
     *
     * @param queueSize requests held while another is measured
     */
    public static Behavior<Command> create(ServedDevice device, int queueSize, MeasurementSources sources) {
        return Behaviors.setup(context -> new MeasurementActor(context, device, queueSize, sources));
    }

    /** Where every measurement actor registers too, whatever it measures: how a node lists the cluster's devices. */
    public static final ServiceKey<Command> ANY_SERVICE_KEY = ServiceKey.create(Command.class, "measurement-actor");

    /** Where the actors measuring {@code hardwareId} for {@code space}'s architectures register. */
    public static ServiceKey<Command> serviceKey(String hardwareId, SearchSpace space) {
        // The space is part of the key: a source is built for one network width, so an actor measuring
        // width-1.2 subnets must not answer for width-1.0 ones of the same hardware.
        return ServiceKey.create(Command.class, "measure-" + hardwareId + "@" + space.id());
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Measure.class, this::onMeasure)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(SourceOpened.class, this::onSourceOpened)
                .onMessage(SourceFailed.class, this::onSourceFailed)
                .onMessage(MeasurementDone.class, this::onMeasurementDone)
                .onSignal(PostStop.class, signal -> onPostStop())
                .build();
    }

    private Behavior<Command> onMeasure(Measure request) {
        String invalid = invalid(request);
        if (invalid != null) {
            fail(request, invalid);
        } else if (source != null && current == null) {
            start(request);
        } else if (queue.size() >= queueSize) {
            rejected++;
            request.replyTo().tell(new Rejected(request.architecture(), request.batchSize(), device.hardwareId(), node,
                    queueSize));
        } else {
            queue.addLast(request);
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus request) {
        request.replyTo().tell(new MeasurementStatus(device.hardwareId(), device.space().id(),
                source == null ? device.sourceKind() : source.kind(), node, source == null ? State.OPENING : State.READY,
                current != null, queue.size(), queueSize, measured, failed, rejected));
        return this;
    }

    private Behavior<Command> onSourceOpened(SourceOpened opened) {
        if (!device.hardwareId().equals(opened.source().hardwareId())) {
            return onSourceFailed(new SourceFailed("its source answers for hardware '" + opened.source().hardwareId()
                    + "', not '" + device.hardwareId() + "'"));
        }
        source = opened.source();
        getContext().getLog().info("measuring {} for space {} with {}", device.hardwareId(), device.space().id(),
                source);
        getContext().getSystem().receptionist().tell(Receptionist.register(serviceKey(device.hardwareId(),
                device.space()), getContext().getSelf()));
        getContext().getSystem().receptionist().tell(Receptionist.register(ANY_SERVICE_KEY, getContext().getSelf()));
        startNext();
        return this;
    }

    private Behavior<Command> onSourceFailed(SourceFailed failure) {
        getContext().getLog().error("cannot measure on {}: {}", device.name(), failure.reason());
        failQueued("device " + device.name() + " could not be opened: " + failure.reason());
        return Behaviors.stopped();
    }

    private Behavior<Command> onMeasurementDone(MeasurementDone done) {
        current = null;
        Measure request = done.request();
        if (done.failure() != null) {
            fail(request, reason(done.failure()));
            if (unwrap(done.failure()) instanceof MeasurementFailedException meter && !meter.meterUsable()) {
                getContext().getLog().error("{} can no longer measure: {}", device.name(), meter.reason());
                failQueued("device " + device.name() + " can no longer measure: " + meter.reason());
                return Behaviors.stopped();
            }
        } else if (!Double.isFinite(done.latencyMs()) || done.latencyMs() < 0) {
            fail(request, "the source answered " + done.latencyMs() + " ms, which is not a latency");
        } else {
            measured++;
            request.replyTo().tell(new Measured(request.architecture(), request.batchSize(), done.latencyMs(),
                    source.kind(), device.hardwareId(), node, done.measuredAt()));
        }
        startNext();
        return this;
    }

    /** Closes the source whenever it opens, also when it opens after the actor stopped. */
    private Behavior<Command> onPostStop() {
        Executor closer = executor;
        opening.thenAccept(opened -> {
            if (opened instanceof AutoCloseable closeable) {
                try {
                    closer.execute(() -> closeQuietly(closeable));
                } catch (RejectedExecutionException e) {
                    closeQuietly(closeable);
                }
            }
        });
        return this;
    }

    private void startNext() {
        Measure next = queue.pollFirst();
        if (next != null) {
            start(next);
        }
    }

    private void start(Measure request) {
        current = request;
        LatencySource measuring = source;
        CompletableFuture<Timed> call = CompletableFuture.supplyAsync(() -> new Timed(
                measuring.latencyMs(request.architecture(), request.batchSize()), Instant.now()), executor);
        getContext().pipeToSelf(call, (timed, failure) -> failure == null
                ? new MeasurementDone(request, timed.latencyMs(), timed.at(), null)
                : new MeasurementDone(request, Double.NaN, null, failure));
    }

    private String invalid(Measure request) {
        if (request.architecture() == null) {
            return "no architecture given";
        }
        if (request.batchSize() < 1) {
            return "batch size " + request.batchSize() + " must be at least 1";
        }
        try {
            device.space().validate(request.architecture());
            return null;
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }

    private void fail(Measure request, String reason) {
        failed++;
        request.replyTo().tell(new MeasurementFailed(request.architecture(), request.batchSize(), device.hardwareId(),
                node, reason));
    }

    private void failQueued(String reason) {
        Measure waiting;
        while ((waiting = queue.pollFirst()) != null) {
            fail(waiting, reason);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    private static String reason(Throwable failure) {
        Throwable cause = unwrap(failure);
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("closing {} failed: {}", closeable, e.toString());
        }
    }
}
