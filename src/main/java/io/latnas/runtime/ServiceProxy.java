package io.latnas.runtime;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * A local stand-in for a service that runs on another node: forwards every message to one instance the
 * Receptionist lists under the service key, and keeps to that instance while it stays listed, since a
 * stateful service (a search supervisor and its searches) answers only for what was sent to it. Messages
 * that arrive while no instance is listed wait, up to {@link #WAITING} of them; their senders' asks time
 * out when none appears.
 */
public final class ServiceProxy<T> extends AbstractBehavior<Object> {

    /** Messages held while no instance is listed. */
    static final int WAITING = 256;

    private final ServiceKey<T> key;
    private final Class<T> type;
    private final StashBuffer<Object> waiting;
    private ActorRef<T> target;

    private ServiceProxy(ActorContext<Object> context, ServiceKey<T> key, Class<T> type, StashBuffer<Object> waiting) {
        super(context);
        this.key = key;
        this.type = type;
        this.waiting = waiting;
        context.getSystem().receptionist().tell(Receptionist.subscribe(key,
                context.getSelf().narrow()));
    }

    /**
     * Spawn it and use {@code ref.unsafeUpcast()} as the service's {@code ActorRef<T>}: it accepts the
     * service's messages and the Receptionist's listings.
     */
    public static <T> Behavior<Object> create(ServiceKey<T> key, Class<T> type) {
        return Behaviors.withStash(WAITING, stash -> Behaviors.setup(context ->
                new ServiceProxy<>(context, key, type, stash)));
    }

    @Override
    public Receive<Object> createReceive() {
        return newReceiveBuilder()
                .onMessage(Receptionist.Listing.class, this::onListing)
                .onMessage(type, this::onServiceMessage)
                .build();
    }

    private Behavior<Object> onListing(Receptionist.Listing listing) {
        Set<ActorRef<T>> listed = listing.getServiceInstances(key);
        if (target == null || !listed.contains(target)) {
            Optional<ActorRef<T>> next = listed.stream().min(Comparator.comparing(ref -> ref.path().toString()));
            if (target != null || next.isPresent()) {
                getContext().getLog().info("{} now goes to {}", key.id(), next.map(ref -> ref.path().toString())
                        .orElse("nothing: no instance is listed"));
            }
            target = next.orElse(null);
        }
        return target != null ? waiting.unstashAll(this) : this;
    }

    private Behavior<Object> onServiceMessage(T message) {
        if (target != null) {
            target.tell(message);
        } else if (waiting.isFull()) {
            getContext().getLog().warn("no {} is listed and {} messages already wait; dropping {}", key.id(),
                    WAITING, message.getClass().getSimpleName());
        } else {
            waiting.stash(message);
        }
        return this;
    }
}
