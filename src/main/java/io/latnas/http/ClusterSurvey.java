package io.latnas.http;

import io.latnas.http.dto.ClusterView;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.predict.PredictorPool;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * What {@code /v1/cluster} reports: the members from the cluster state, and what each serves from the
 * Receptionist's listings of measurement actors and predictor pools, grouped by the node they run on. On
 * the local provider the cluster is this node alone.
 */
final class ClusterSurvey {

    private final ActorSystem<?> system;
    private final Set<NodeRole> roles;
    private final MeasurementSurvey measurement;
    private final Duration timeout;

    ClusterSurvey(ActorSystem<?> system, Set<NodeRole> roles, MeasurementSurvey measurement, Duration timeout) {
        this.system = system;
        this.roles = Set.copyOf(roles);
        this.measurement = measurement;
        this.timeout = timeout;
    }

    /** A pool's address and the models it serves. */
    private record PoolReport(Address node, List<String> models) {
    }

    /** Fails only when the Receptionist does not answer; a silent actor is reported without its status. */
    CompletionStage<ClusterView> take() {
        CompletionStage<List<MeasurementSurvey.ActorReport>> devices = find(MeasurementActor.ANY_SERVICE_KEY)
                .thenCompose(actors -> measurement.reports(actors.stream()
                        .sorted(Comparator.comparing(a -> a.path().toString())).toList()));
        CompletionStage<List<PoolReport>> pools = find(PredictorPool.SERVICE_KEY).thenCompose(this::poolReports);
        return devices.thenCombine(pools, this::view);
    }

    private <T> CompletionStage<Set<ActorRef<T>>> find(ServiceKey<T> key) {
        CompletionStage<Receptionist.Listing> listing = AskPattern.ask(system.receptionist(),
                replyTo -> Receptionist.find(key, replyTo), timeout, system.scheduler());
        return listing.thenApply(l -> l.getServiceInstances(key));
    }

    private CompletionStage<List<PoolReport>> poolReports(Set<ActorRef<PredictorPool.Command>> pools) {
        List<CompletableFuture<Optional<PoolReport>>> reports = new ArrayList<>();
        for (ActorRef<PredictorPool.Command> pool : pools) {
            CompletionStage<PredictorPool.PoolStatus> status = AskPattern.ask(pool, PredictorPool.GetPoolStatus::new,
                    timeout, system.scheduler());
            reports.add(status.handle((s, failure) -> Optional.ofNullable(s).map(answered -> new PoolReport(
                    nodeOf(pool), answered.models().stream().map(PredictorPool.ModelDescription::modelId).sorted()
                    .toList()))).toCompletableFuture());
        }
        return CompletableFuture.allOf(reports.toArray(CompletableFuture[]::new))
                .thenApply(done -> reports.stream().flatMap(r -> r.join().stream()).toList());
    }

    /** The node an actor runs on; a local ref's path carries no host, so it is this node. */
    private Address nodeOf(ActorRef<?> actor) {
        Address address = actor.path().address();
        return address.hasGlobalScope() ? address : system.address();
    }

    private Address nodeOf(MeasurementSurvey.ActorReport report) {
        return nodeOf(report.ref());
    }

    private ClusterView view(List<MeasurementSurvey.ActorReport> devices, List<PoolReport> pools) {
        Map<Address, List<MeasurementSurvey.ActorReport>> devicesByNode = devices.stream()
                .collect(Collectors.groupingBy(this::nodeOf));
        Map<Address, List<String>> modelsByNode = pools.stream().collect(Collectors.groupingBy(PoolReport::node,
                Collectors.flatMapping(p -> p.models().stream(), Collectors.toList())));
        String self = system.address().toString();
        if (!system.address().hasGlobalScope()) {
            ClusterView.Member alone = member(system.address(), roles.stream().map(NodeRole::configName).toList(),
                    "up", true, devicesByNode, modelsByNode);
            return new ClusterView("local", self, null, List.of(), List.of(alone));
        }
        ClusterEvent.CurrentClusterState state = Cluster.get(system).state();
        Set<Address> unreachable = state.getUnreachable().stream().map(Member::address).collect(Collectors.toSet());
        List<ClusterView.Member> members = StreamSupport.stream(state.getMembers().spliterator(), false)
                .map(m -> member(m.address(), m.getRoles().stream().filter(r -> !r.startsWith("dc-")).toList(),
                        m.status().toString().toLowerCase(Locale.ROOT), !unreachable.contains(m.address()),
                        devicesByNode, modelsByNode))
                .toList();
        Address leader = state.getLeader();
        return new ClusterView("cluster", self, leader == null ? null : leader.toString(),
                unreachable.stream().map(Address::toString).sorted().toList(), members);
    }

    private ClusterView.Member member(Address node, List<String> roles, String status, boolean reachable,
                                             Map<Address, List<MeasurementSurvey.ActorReport>> devicesByNode,
                                             Map<Address, List<String>> modelsByNode) {
        List<MeasurementSurvey.ActorReport> devices = devicesByNode.getOrDefault(node, List.of());
        List<String> hardware = devices.stream().flatMap(r -> r.status().stream())
                .map(MeasurementActor.MeasurementStatus::hardwareId).distinct().sorted().toList();
        return new ClusterView.Member(node.toString(), roles.stream().sorted().toList(), status, reachable, hardware,
                NodeRoutes.views(devices, system.address()), modelsByNode.getOrDefault(node, List.of()).stream().sorted().toList());
    }
}
