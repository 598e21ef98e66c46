package io.latnas.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.http.HttpApi;
import io.latnas.latency.LatencySource;
import io.latnas.runtime.NodeResources;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.RuntimeSettings;
import io.latnas.runtime.measure.MeasurementSettings;
import io.latnas.runtime.measure.ServedDevice;
import io.latnas.runtime.predict.PredictorPoolSettings;
import io.latnas.runtime.predict.ServedModel;
import io.latnas.runtime.search.SearchSupervisorSettings;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/** Cluster nodes on loopback in one JVM, with gossip and failure detection shortened for tests. */
final class ClusterTestNodes implements AutoCloseable {

    /**
     * Short gossip so that joining, downing and removal take a moment; a generous heartbeat pause, since a
     * busy build machine delays heartbeats and the tests down nodes themselves rather than by detection.
     */
    static final Config CONFIG = ConfigFactory.parseString("""
            pekko.actor.provider = cluster
            pekko.loglevel = WARNING
            pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
            pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
            pekko.cluster.gossip-interval = 200ms
            pekko.cluster.leader-actions-interval = 200ms
            pekko.cluster.unreachable-nodes-reaper-interval = 200ms
            pekko.cluster.periodic-tasks-initial-delay = 100ms
            pekko.cluster.failure-detector.heartbeat-interval = 500ms
            pekko.cluster.failure-detector.acceptable-heartbeat-pause = 5s
            pekko.cluster.typed.receptionist.distributed-data.gossip-interval = 200ms
            pekko.cluster.typed.receptionist.distributed-data.notify-subscribers-interval = 100ms
            pekko.cluster.typed.receptionist.pruning-interval = 1s
            pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = off
            """).withFallback(RuntimeFixtures.config()).resolve();

    static final Duration WAIT = Duration.ofSeconds(30);

    private final List<ClusterNode> nodes = new ArrayList<>();

    /** Cluster settings for a node on a free loopback port joining {@code seeds} (none: itself). */
    static ClusterSettings settings(List<SeedNode> seeds) {
        return new ClusterSettings(true, "127.0.0.1", 0, seeds, "keep-majority", Duration.ofSeconds(1));
    }

    /** The seed node address of a running node. */
    static SeedNode seedOf(ClusterNode node) {
        var address = node.system().address();
        return new SeedNode(address.getHost().get(), (Integer) address.getPort().get());
    }

    /**
     * Starts a node with {@code roles}, measuring each of {@code sources}' hardware ids on its source, joining
     * {@code seeds}.
     */
    ClusterNode start(Set<NodeRole> roles, Map<String, LatencySource> sources, List<SeedNode> seeds,
                      Optional<HttpApi> api) throws InterruptedException {
        List<ServedDevice> devices = sources.keySet().stream().sorted().map(RuntimeFixtures::device).toList();
        // With the predict role: a pool serving the simulated RTX 2080 Ti as model simulated:rtx2080ti@<space>.
        RuntimeSettings runtime = new RuntimeSettings(roles, new MeasurementSettings(4, devices),
                RuntimeFixtures.builderSettings()).withPredictorPool(new PredictorPoolSettings(2, Duration.ZERO, 256,
                10_000, "latnas.blocking-dispatcher", List.of(new ServedModel("rtx2080ti", "simulated",
                RuntimeFixtures.SPACE))))
                // A search re-sends what a node that went away left unanswered after this silence.
                .withSearch(SearchSupervisorSettings.DEFAULTS.withFanOut(50, Duration.ofSeconds(3), 3));
        ClusterNode node = ClusterNode.start(CONFIG, runtime, settings(seeds),
                NodeResources.fromConfig(CONFIG, device -> sources.get(device.hardwareId())), api);
        nodes.add(node);
        return node;
    }

    ClusterNode start(Set<NodeRole> roles, Map<String, LatencySource> sources, List<SeedNode> seeds)
            throws InterruptedException {
        return start(roles, sources, seeds, Optional.empty());
    }

    /** Whether {@code observer} sees {@code count} members, every one of them up. */
    static boolean allUp(ClusterNode observer, int count) {
        var members = StreamSupport.stream(Cluster.get(observer.system()).state().getMembers().spliterator(), false)
                .toList();
        return members.size() == count && members.stream().allMatch(m -> m.status() == MemberStatus.up());
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }
}
