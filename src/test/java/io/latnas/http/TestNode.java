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
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A node for API tests: the measure role with one simulated device under a hardware id of its own, whose
 * measurements can be held at a gate; the shipped HTTP settings writing into a test's directory.
 */
final class TestNode implements AutoCloseable {

    private final LatnasNode node;
    private final String hardwareId;
    private final HardwareCatalog catalog;
    private final Config config;
    private volatile ScriptedSource source;

    TestNode() {
        this.hardwareId = RuntimeFixtures.uniqueHardwareId();
        this.config = HttpSettings.withHttpConfig(RuntimeFixtures.config());
        this.catalog = HardwareCatalog.fromConfig(config);
        RuntimeSettings runtime = new RuntimeSettings(Set.of(NodeRole.MEASURE, NodeRole.API),
                new MeasurementSettings(4, List.of(RuntimeFixtures.device(hardwareId))),
                RuntimeFixtures.builderSettings());
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
        return Set.of(NodeRole.MEASURE, NodeRole.API);
    }

    /** The shipped {@code latnas.http} settings, on port 0 and writing into {@code dataDir}. */
    HttpSettings settings(Path dataDir) {
        return HttpSettings.fromConfig(config).withPort(0).withDataDir(dataDir);
    }

    /** Holds every measurement until {@code gate} opens. */
    void holdMeasurements(CountDownLatch gate) {
        waitForSource().heldUntil(gate);
    }

    /** A fresh tracker and every route, over this node. */
    ApiRoutes api(HttpSettings settings, HttpMetrics metrics) {
        ActorRef<DatasetJobs.Command> jobs = node.system().systemActorOf(
                DatasetJobs.create(node.system(), settings.maxRunningDatasets(), settings.datasetsKept()),
                "http-dataset-jobs-" + System.nanoTime(), org.apache.pekko.actor.typed.Props.empty());
        return HttpApi.routes(node.system(), roles(), catalog, settings, metrics, jobs);
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
