package io.latnas.runtime;

import io.latnas.inference.BatchLatencyModel;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.search.SearchSpec;
import io.latnas.runtime.search.SearchSupervisor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Drives an embedded {@link LatnasNode} from plain Java, through the same messages the HTTP layer
 * sends: dataset builds through the guardian, models registered with the predictor pool, searches
 * submitted to the search supervisor. Each long job is followed by a short-lived listener actor that
 * passes every event on and completes a future with the last one.
 */
public final class NodeClient {

    private final ActorSystem<NodeGuardian.Command> system;
    private final Duration askTimeout;
    private final AtomicLong listeners = new AtomicLong();

    /**
     * @param askTimeout how long a one-reply question (services, registration, admission) may take
     */
    public NodeClient(LatnasNode node, Duration askTimeout) {
        this.system = Objects.requireNonNull(node, "node").system();
        this.askTimeout = Objects.requireNonNull(askTimeout, "askTimeout");
    }

    /** The services the node runs. */
    public CompletionStage<NodeGuardian.Services> services() {
        return AskPattern.ask(system, NodeGuardian.GetServices::new, askTimeout, system.scheduler());
    }

    /**
     * Builds a dataset with the node's measurement actors; {@code events} hears each builder event. Completes
     * with {@link DatasetBuilder.DatasetBuilt}, or {@link DatasetBuilder.BuildRefused} when a build on the node
     * already writes the same file.
     */
    public CompletionStage<DatasetBuilder.Event> buildDataset(DatasetJob job, Consumer<DatasetBuilder.Event> events) {
        CompletableFuture<DatasetBuilder.Event> done = new CompletableFuture<>();
        ActorRef<DatasetBuilder.Event> listener = listen("dataset", events,
                e -> e instanceof DatasetBuilder.DatasetBuilt || e instanceof DatasetBuilder.BuildRefused, done);
        system.tell(new NodeGuardian.BuildDataset(job, listener));
        return done;
    }

    /** Serves {@code model} from the node's predictor pool. */
    public CompletionStage<PredictorPool.ModelRegistered> registerModel(ActorRef<PredictorPool.Command> pool,
                                                                        BatchLatencyModel model) {
        return AskPattern.ask(pool, replyTo -> new PredictorPool.RegisterModel(model, replyTo), askTimeout,
                system.scheduler());
    }

    /**
     * Submits a search and follows it to its end; {@code events} hears each of its events. Completes with
     * the rejection when the supervisor refuses it, else with the search's {@link SearchSupervisor.SearchEnded}
     * (or {@link SearchSupervisor.SearchNotFound} should it be forgotten first).
     */
    public CompletionStage<Object> search(ActorRef<SearchSupervisor.Command> supervisor, SearchSpec spec,
                                          Consumer<SearchSupervisor.SearchEvent> events) {
        CompletionStage<SearchSupervisor.StartReply> started = AskPattern.ask(supervisor,
                replyTo -> new SearchSupervisor.StartSearch(spec, replyTo), askTimeout, system.scheduler());
        return started.thenCompose(reply -> {
            if (!(reply instanceof SearchSupervisor.SearchAccepted accepted)) {
                return CompletableFuture.completedFuture(reply);
            }
            CompletableFuture<SearchSupervisor.SearchEvent> done = new CompletableFuture<>();
            ActorRef<SearchSupervisor.SearchEvent> listener = listen("search", events,
                    e -> e instanceof SearchSupervisor.SearchEnded || e instanceof SearchSupervisor.SearchNotFound, done);
            supervisor.tell(new SearchSupervisor.SubscribeSearch(accepted.searchId(), listener));
            return done.thenApply(event -> (Object) event);
        });
    }

    private <T> ActorRef<T> listen(String what, Consumer<? super T> events, Predicate<? super T> last,
                                   CompletableFuture<T> done) {
        return system.systemActorOf(Listener.create(events, last, done), what + "-listener-" + listeners.incrementAndGet(),
                Props.empty());
    }

    /** Passes each event on; completes the future with the last and stops. */
    private static final class Listener<T> extends AbstractBehavior<T> {

        private final Consumer<? super T> events;
        private final Predicate<? super T> last;
        private final CompletableFuture<T> done;

        private Listener(ActorContext<T> context, Consumer<? super T> events, Predicate<? super T> last,
                         CompletableFuture<T> done) {
            super(context);
            this.events = events;
            this.last = last;
            this.done = done;
        }

        static <T> Behavior<T> create(Consumer<? super T> events, Predicate<? super T> last, CompletableFuture<T> done) {
            return Behaviors.setup(context -> new Listener<>(context, events, last, done));
        }

        @Override
        @SuppressWarnings("unchecked")
        public Receive<T> createReceive() {
            return newReceiveBuilder().onAnyMessage(this::onEvent).build();
        }

        private Behavior<T> onEvent(T event) {
            events.accept(event);
            if (last.test(event)) {
                done.complete(event);
                return Behaviors.stopped();
            }
            return this;
        }
    }
}
