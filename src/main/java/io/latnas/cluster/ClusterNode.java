package io.latnas.cluster;

import com.typesafe.config.Config;
import io.latnas.common.InvalidInputException;
import io.latnas.http.HttpApi;
import io.latnas.http.HttpServer;
import io.latnas.runtime.LatnasNode;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeResources;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.RuntimeSettings;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A node of a LatencyNAS cluster: a {@link LatnasNode} whose remoting listens where {@link ClusterSettings}
 * say, which joins its seed nodes (or itself, when there are none), logs membership changes, and, when it
 * has the api role, serves the HTTP API. Stopping it (or SIGTERM) runs Pekko's coordinated shutdown: the
 * API's port closes, the node leaves the cluster, then its actors stop.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    /** How long binding the API may take before the node gives up. */
    private static final Duration BIND_TIMEOUT = Duration.ofSeconds(60);

    private final LatnasNode node;
    private final Optional<HttpServer> api;

    private ClusterNode(LatnasNode node, Optional<HttpServer> api) {
        this.node = node;
        this.api = api;
    }

    /**
     * Starts the node, joins the cluster and, with the api role, binds {@code api}.
     *
     * @param config Pekko's and LatencyNAS's configuration; {@code cluster} is laid over it
     * @param api    the HTTP API to serve; required with the api role, ignored without it
     * @throws InvalidInputException when the api role has no API to serve, or the API cannot bind (the node is
     *                               stopped again)
     */
    public static ClusterNode start(Config config, RuntimeSettings runtime, ClusterSettings cluster,
                                    NodeResources resources, Optional<HttpApi> api) throws InterruptedException {
        if (runtime.has(NodeRole.API) && api.isEmpty()) {
            throw new InvalidInputException("roles", "the api role needs the HTTP settings to serve the API");
        }
        LatnasNode node = startListening(config, runtime, cluster, resources);
        try {
            if (cluster.clustered()) {
                join(node.system(), cluster.seedNodes());
            }
            Optional<HttpServer> server = runtime.has(NodeRole.API)
                    ? Optional.of(bind(node.system(), api.get())) : Optional.empty();
            return new ClusterNode(node, server);
        } catch (RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
    }

    /**
     * @throws InvalidInputException naming the port when remoting cannot listen on it
     */
    private static LatnasNode startListening(Config config, RuntimeSettings runtime, ClusterSettings cluster,
                                             NodeResources resources) {
        try {
            return LatnasNode.start(cluster.pekkoConfig().withFallback(config), runtime, resources);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BindException) {
                    throw new InvalidInputException(ClusterSettings.PATH + ".port", "cannot listen for cluster"
                            + " remoting on " + cluster.host() + ":" + cluster.port() + ": " + cause.getMessage()
                            + "; choose another --cluster-port (LATNAS_CLUSTER_PORT) or stop what holds it", e);
                }
            }
            throw e;
        }
    }

    private static void join(ActorSystem<?> system, List<SeedNode> seedNodes) {
        Cluster cluster = Cluster.get(system);
        Address self = cluster.selfMember().address();
        system.systemActorOf(MembershipLog.create(), "latnas-membership-log", Props.empty());
        CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseClusterLeave(), "latnas-log-leave", () -> {
            log.info("leaving the cluster: {} hands its work to the other nodes", self);
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        if (seedNodes.isEmpty()) {
            log.info("no seed nodes: {} starts a cluster of its own", self);
            cluster.manager().tell(Join.create(self));
        } else {
            log.info("{} joining the cluster through seed nodes {}", self, seedNodes);
            cluster.manager().tell(new JoinSeedNodes(seedNodes.stream().map(SeedNode::address).toList()));
        }
    }

    private static HttpServer bind(ActorSystem<NodeGuardian.Command> system, HttpApi api)
            throws InterruptedException {
        try {
            return api.start(system).toCompletableFuture().get(BIND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new IllegalStateException("the API did not start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the API did not start within " + BIND_TIMEOUT.toSeconds() + " s", e);
        }
    }

    public LatnasNode node() {
        return node;
    }

    public ActorSystem<NodeGuardian.Command> system() {
        return node.system();
    }

    /** The HTTP API, when the node has the api role. */
    public Optional<HttpServer> api() {
        return api;
    }

    /** Leaves the cluster, closes the API, stops the actors, and waits for all of it. */
    @Override
    public void close() {
        node.close();
    }
}
