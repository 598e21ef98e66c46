package io.latnas.cluster;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

import java.util.stream.Collectors;

/**
 * Logs what an operator wants to see in a node's log: members coming up, becoming unreachable, coming
 * back, leaving and being removed. Runs on every clustered node.
 */
final class MembershipLog extends AbstractBehavior<MembershipLog.Command> {

    sealed interface Command {
    }

    private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {
    }

    private record ReachabilityChanged(ClusterEvent.ReachabilityEvent event) implements Command {
    }

    private MembershipLog(ActorContext<Command> context) {
        super(context);
        Cluster cluster = Cluster.get(context.getSystem());
        cluster.subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new),
                ClusterEvent.MemberEvent.class));
        cluster.subscriptions().tell(Subscribe.create(
                context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChanged::new),
                ClusterEvent.ReachabilityEvent.class));
    }

    static Behavior<Command> create() {
        return Behaviors.setup(MembershipLog::new);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(MemberChanged.class, this::onMemberChanged)
                .onMessage(ReachabilityChanged.class, this::onReachabilityChanged)
                .build();
    }

    private Behavior<Command> onMemberChanged(MemberChanged changed) {
        ClusterEvent.MemberEvent event = changed.event();
        Member member = event.member();
        String what = null;
        if (event instanceof ClusterEvent.MemberUp) {
            what = "is up";
        } else if (event instanceof ClusterEvent.MemberLeft) {
            what = "is leaving";
        } else if (event instanceof ClusterEvent.MemberExited) {
            what = "has left";
        } else if (event instanceof ClusterEvent.MemberDowned) {
            what = "was downed";
        } else if (event instanceof ClusterEvent.MemberRemoved removed) {
            what = "was removed (was " + removed.previousStatus() + ")";
        }
        if (what != null) {
            getContext().getLog().info("cluster member {} (roles {}) {}", member.address(), roles(member), what);
        }
        return this;
    }

    private Behavior<Command> onReachabilityChanged(ReachabilityChanged changed) {
        ClusterEvent.ReachabilityEvent event = changed.event();
        if (event instanceof ClusterEvent.UnreachableMember) {
            getContext().getLog().warn("cluster member {} is unreachable; its work goes to the other nodes",
                    event.member().address());
        } else {
            getContext().getLog().info("cluster member {} is reachable again", event.member().address());
        }
        return this;
    }

    private static String roles(Member member) {
        return member.getRoles().stream().filter(r -> !r.startsWith("dc-")).sorted()
                .collect(Collectors.joining(","));
    }
}
