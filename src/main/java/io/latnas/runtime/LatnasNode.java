package io.latnas.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.config.LatnasSettings;
import io.latnas.runtime.measure.MeasurementSources;
import io.latnas.runtime.measure.ServedDevice;
import io.latnas.runtime.predict.ServedModel;
import org.apache.pekko.actor.typed.ActorSystem;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An embedded node for the command line and tests: an actor system named {@value #SYSTEM_NAME} whose
 * root is a {@link NodeGuardian}. Closing it stops every actor, closing their sources.
 */
public final class LatnasNode implements AutoCloseable {

    /** Every node of a cluster must use the same system name. */
    public static final String SYSTEM_NAME = "latnas";
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final ActorSystem<NodeGuardian.Command> system;

    private LatnasNode(ActorSystem<NodeGuardian.Command> system) {
        this.system = system;
    }

    /**
     * Starts a node configured by {@code latnas}'s configuration, with the standard latency sources.
     *
     * @throws io.latnas.common.InvalidInputException when the runtime settings are malformed or a served
     *                                                device names hardware the catalog does not know
     */
    public static LatnasNode start(LatnasSettings latnas) {
        Config config = withRuntimeConfig(latnas.config());
        RuntimeSettings runtime = RuntimeSettings.fromConfig(config);
        for (ServedDevice device : runtime.measurement().devices()) {
            if (device instanceof ServedDevice.CatalogSource) {
                latnas.hardware().byId(device.hardwareId());
            }
        }
        for (ServedModel model : runtime.predictorPool().models()) {
            latnas.hardware().byId(model.hardwareId());
        }
        return start(config, runtime, NodeResources.fromConfig(config));
    }

    /**
     * Starts a node with the given settings, its measure role opening devices with {@code sources}, and
     * the configuration's standard models and search resources; {@code config} configures Pekko.
     */
    public static LatnasNode start(Config config, RuntimeSettings runtime, MeasurementSources sources) {
        Config withRuntime = withRuntimeConfig(config);
        return start(withRuntime, runtime, NodeResources.fromConfig(withRuntime, sources));
    }

    /** Starts a node with the given settings and resources; {@code config} configures Pekko. */
    public static LatnasNode start(Config config, RuntimeSettings runtime, NodeResources resources) {
        // The node's cluster roles are the roles it runs, whatever the configuration's list said.
        Config roles = ConfigFactory.parseMap(Map.of("pekko.cluster.roles",
                runtime.roles().stream().map(NodeRole::configName).sorted().toList()));
        return new LatnasNode(ActorSystem.create(NodeGuardian.create(runtime, resources), SYSTEM_NAME,
                roles.withFallback(withRuntimeConfig(config))));
    }

    /**
     * {@code config} with {@code pekko.conf} merged in when it does not include it yet, system
     * properties still on top.
     */
    public static Config withRuntimeConfig(Config config) {
        if (config.hasPath(RuntimeSettings.PATH)) {
            return config;
        }
        return ConfigFactory.systemProperties()
                .withFallback(ConfigFactory.parseResources(LatnasNode.class.getClassLoader(), "pekko.conf"))
                .withFallback(config)
                .resolve();
    }

    /**
     * {@code config} for a node embedded in a command of its own (quickstart, tests): the local
     * provider, so it opens no remoting port and neither joins nor clashes with a cluster on this machine.
     */
    public static Config embedded(Config config) {
        return ConfigFactory.parseMap(Map.of("pekko.actor.provider", "local")).withFallback(withRuntimeConfig(config));
    }

    public ActorSystem<NodeGuardian.Command> system() {
        return system;
    }

    /** Stops every actor and waits for the system to terminate. */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the actor system did not terminate within " + SHUTDOWN_TIMEOUT, e);
        }
    }
}
