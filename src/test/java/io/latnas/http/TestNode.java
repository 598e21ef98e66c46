package io.latnas.http;

import com.typesafe.config.Config;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.runtime.LatnasNode;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.RuntimeSettings;
import io.latnas.runtime.ScriptedSource;
import io.latnas.runtime.measure.MeasurementSettings;
import io.latnas.runtime.predict.PredictorPoolSettings;
import io.latnas.runtime.search.SearchSupervisorSettings;
import io.latnas.search.SearchSettings;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A node for API tests with every role: one simulated device under a hardware id of its own, whose
 * measurements can be held at a gate; the shipped predictor pool ({@link #MODEL}) and search supervisor; the
 * shipped HTTP settings writing into a test's directory.
 */
final class TestNode implements AutoCloseable {

    /** Every role, so that every route has its service. */
    static final Set<NodeRole> ROLES = Set.of(NodeRole.MEASURE, NodeRole.PREDICT, NodeRole.SEARCH, NodeRole.API);
    /** The model the shipped predictor-pool settings serve. */
    static final String MODEL = "simulated:rtx2080ti@ofa-mbv3-w1.0";
    private static final AtomicInteger TRACKERS = new AtomicInteger();

    private final LatnasNode node;
    private final String hardwareId;
    private final HardwareCatalog catalog;
    private final Config config;
    private volatile ScriptedSource source;

    TestNode() {
        this(search -> search);
    }

    /** A node whose search supervisor runs with {@code search} applied to the shipped settings. */
    TestNode(UnaryOperator<SearchSupervisorSettings> search) {
        this.hardwareId = RuntimeFixtures.uniqueHardwareId();
        this.config = HttpSettings.withHttpConfig(RuntimeFixtures.config());
        this.catalog = HardwareCatalog.fromConfig(config);
        RuntimeSettings runtime = new RuntimeSettings(ROLES,
                new MeasurementSettings(4, List.of(RuntimeFixtures.device(hardwareId))),
                RuntimeFixtures.builderSettings(), PredictorPoolSettings.fromConfig(config),
                search.apply(SearchSupervisorSettings.fromConfig(config)));
        this.node = LatnasNode.start(config, runtime, device -> {
            ScriptedSource opened = new ScriptedSource(device.hardwareId(), RuntimeFixtures.simulated());
            source = opened;
            return opened;
        });
    }

    ActorSystem<NodeGuardian.Command> system() {
        return node.system();
    }

    /** The hardware id the node's one measurement actor serves; not in the catalog. */
    String hardwareId() {
        return hardwareId;
    }

    HardwareCatalog catalog() {
        return catalog;
    }

    Set<NodeRole> roles() {
        return ROLES;
    }

    NodeGuardian.Services services() {
        try {
            return AskPattern.<NodeGuardian.Command, NodeGuardian.Services>ask(node.system(),
                    NodeGuardian.GetServices::new, Duration.ofSeconds(10), node.system().scheduler())
                    .toCompletableFuture().get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("the guardian did not list its services", e);
        }
    }

    HttpApi httpApi(HttpSettings settings) {
        return new HttpApi(ROLES, catalog, SearchSettings.fromConfig(config), settings);
    }

    /**
     * The shipped {@code latnas.http} settings, on port 0 and writing into {@code dataDir}; a short shutdown
     * deadline, since a test client's idle keep-alive connections hold a stopping server for all of it.
     */
    HttpSettings settings(Path dataDir) {
        return HttpSettings.fromConfig(config).withPort(0).withDataDir(dataDir)
                .withShutdownDeadline(Duration.ofSeconds(1));
    }

    /** Holds every measurement until {@code gate} opens. */
    void holdMeasurements(CountDownLatch gate) {
        waitForSource().heldUntil(gate);
    }

    /** Fresh trackers and every route, over this node's services. */
    ApiRoutes api(HttpSettings settings, HttpMetrics metrics) {
        return api(settings, metrics, services());
    }

    /** Fresh trackers and every route, over these services. */
    ApiRoutes api(HttpSettings settings, HttpMetrics metrics, NodeGuardian.Services services) {
        HttpApi api = httpApi(settings);
        return api.routes(node.system(), services, api.spawnTrackers(node.system(), services,
                "test-" + TRACKERS.incrementAndGet()), metrics);
    }

    private ScriptedSource waitForSource() {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (source == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (source == null) {
            throw new IllegalStateException("the measurement actor never opened its source");
        }
        return source;
    }

    @Override
    public void close() {
        node.close();
    }
}
