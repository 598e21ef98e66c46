package io.latnas.runtime.predict;

import io.latnas.inference.BatchLatencyModel;
import io.latnas.space.Architecture;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.util.List;

/**
 * Runs one model call at a time for its {@link PredictorPool}. It is spawned on the pool's dispatcher
 * (a dedicated one, never the default), so the call runs in the message handler and blocks only that
 * dispatcher's thread; the pool hands it a batch only when it is idle. A model that throws is answered
 * as {@link BatchFailed} with its message; the worker carries on.
 */
public final class PredictorWorker extends AbstractBehavior<PredictorWorker.Command> {

    /** Worker messages carry model objects and stay on their node; they are never serialized. */
    public sealed interface Command extends NoSerializationVerificationNeeded {
    }

    /** Predict {@code architectures} with {@code model}; models are local objects, so this never leaves the node. */
    public record RunBatch(long batchId, BatchLatencyModel model, List<Architecture> architectures, int batchSize,
                           ActorRef<Answer> replyTo) implements Command {
    }

    public sealed interface Answer extends NoSerializationVerificationNeeded {
        long batchId();

        ActorRef<Command> worker();
    }

    public record BatchPredicted(long batchId, double[] latenciesMs, long nanos, ActorRef<Command> worker)
            implements Answer {
    }

    public record BatchFailed(long batchId, String reason, ActorRef<Command> worker) implements Answer {
    }

    private PredictorWorker(ActorContext<Command> context) {
        super(context);
    }

    public static Behavior<Command> create() {
        return Behaviors.setup(PredictorWorker::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(RunBatch.class, this::onRunBatch)
                .build();
    }

    private Behavior<Command> onRunBatch(RunBatch run) {
        long start = System.nanoTime();
        try {
            double[] latencies = run.model().predictMs(run.architectures(), run.batchSize());
            run.replyTo().tell(new BatchPredicted(run.batchId(), latencies, System.nanoTime() - start,
                    getContext().getSelf()));
        } catch (RuntimeException e) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e.getMessage();
            run.replyTo().tell(new BatchFailed(run.batchId(), "model " + run.model().id() + " failed: " + message,
                    getContext().getSelf()));
        }
        return this;
    }
}
