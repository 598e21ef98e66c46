package io.latnas.cli;

import com.typesafe.config.Config;
import io.latnas.cluster.ClusterNode;
import io.latnas.cluster.ClusterSettings;
import io.latnas.config.LatnasSettings;
import io.latnas.http.HttpApi;
import io.latnas.http.HttpServer;
import io.latnas.http.HttpSettings;
import io.latnas.latency.LatencySources;
import io.latnas.runtime.LatnasNode;
import io.latnas.runtime.NodeResources;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.RuntimeSettings;
import io.latnas.runtime.measure.MeasurementSettings;
import io.latnas.runtime.measure.ServedDevice;
import io.latnas.search.SearchSettings;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code latnas serve}: a node of a LatencyNAS cluster, by default with the HTTP API. Starts the node's
 * roles, joins the seed nodes (or starts a cluster of its own), then runs until the process is told to
 * stop (SIGTERM, Ctrl-C): Pekko's coordinated shutdown then closes the port, lets requests in flight finish
 * within {@code latnas.http.shutdown-deadline}, leaves the cluster, and stops the actors.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a cluster node until SIGTERM or Ctrl-C; with the api role it serves the HTTP API"
                + " (docs/API.md). cluster/README.md runs one across machines.",
                "Settings come from latnas.runtime, latnas.cluster and latnas.http and the environment:"
                        + " LATNAS_ROLES, LATNAS_SEED_NODES, LATNAS_CLUSTER_HOST, LATNAS_CLUSTER_PORT,"
                        + " LATNAS_HTTP_TOKEN (the bearer token; required to listen beyond 127.0.0.1),"
                        + " LATNAS_HTTP_HOST, LATNAS_HTTP_PORT. Flags override them."})
final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--roles", split = ",", paramLabel = "ROLE",
            description = "What this node runs: api, measure, predict, search. Default: latnas.runtime.roles"
                    + " plus api.")
    List<String> roles;

    @Option(names = "--seed-nodes", paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "Cluster nodes to join, by their remoting address (default latnas.cluster.seed-nodes;"
                    + " none: this node starts a cluster of its own).")
    String seedNodes;

    @Option(names = "--cluster-host", description = "Address cluster remoting listens on and other nodes reach"
            + " this one at (default latnas.cluster.host, 127.0.0.1).")
    String clusterHost;

    @Option(names = "--cluster-port", description = "Cluster remoting port; 0 picks a free one (default"
            + " latnas.cluster.port, 25520).")
    Integer clusterPort;

    @Option(names = "--host", description = "Address the API listens on (default latnas.http.host, 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port the API listens on; 0 picks a free one (default latnas.http.port).")
    Integer port;

    @Option(names = "--hardware", split = ",", paramLabel = "ID",
            description = "Measure these catalog hardware ids with their default source, instead of"
                    + " latnas.runtime.measure.devices; adds the measure role.")
    List<String> hardware;

    @Option(names = "--space", defaultValue = "ofa-mbv3-w1.0",
            description = "Search space the --hardware devices measure (default ${DEFAULT-VALUE}).")
    String space;

    @Override
    public Integer call() throws InterruptedException {
        LatnasSettings latnas = LatnasSettings.load();
        Config config = HttpSettings.withHttpConfig(LatnasNode.withRuntimeConfig(latnas.config()));
        RuntimeSettings runtime = runtime(config, latnas);
        ClusterSettings cluster = cluster(config);
        HttpSettings http = http(config);
        if (runtime.has(NodeRole.API)) {
            HttpServer.checkSafeToBind(http);
        }
        HttpApi api = new HttpApi(runtime.roles(), latnas.hardware(), SearchSettings.fromConfig(config), http);

        ClusterNode node = ClusterNode.start(config, runtime, cluster, NodeResources.fromConfig(config),
                Optional.of(api));
        String roleNames = runtime.roles().stream().map(NodeRole::configName).sorted()
                .collect(Collectors.joining(", "));
        PrintWriter out = spec.commandLine().getOut();
        if (node.api().isPresent()) {
            out.printf("LatencyNAS serving on %s/v1 (roles %s%s); Ctrl-C to stop%n", node.api().get().baseUrl(),
                    roleNames, http.hasToken() ? ", bearer token required" : "");
        } else {
            out.printf("LatencyNAS node %s (roles %s); Ctrl-C to stop%n", node.system().address(), roleNames);
        }
        out.flush();
        node.system().getWhenTerminated().toCompletableFuture().join();
        return 0;
    }

    private ClusterSettings cluster(Config config) {
        ClusterSettings cluster = ClusterSettings.fromConfig(config);
        if (seedNodes != null) {
            cluster = cluster.withSeedNodes(ClusterSettings.parseSeedNodes(seedNodes));
        }
        if (clusterHost != null) {
            cluster = cluster.withHost(clusterHost);
        }
        if (clusterPort != null) {
            cluster = cluster.withPort(clusterPort);
        }
        return cluster;
    }

    private RuntimeSettings runtime(Config config, LatnasSettings latnas) {
        RuntimeSettings configured = RuntimeSettings.fromConfig(config);
        Set<NodeRole> chosen = EnumSet.noneOf(NodeRole.class);
        if (roles == null) {
            chosen.addAll(configured.roles());
            chosen.add(NodeRole.API);
        } else {
            for (String role : roles) {
                chosen.add(NodeRole.fromConfigName(role.trim()));
            }
        }
        MeasurementSettings measurement = configured.measurement();
        if (hardware != null) {
            SearchSpace measured = SearchSpaces.byId(space);
            List<ServedDevice> devices = new ArrayList<>();
            for (String id : hardware) {
                latnas.hardware().byId(id.trim());
                devices.add(ServedDevice.CatalogSource.of(id.trim(), LatencySources.AUTO, measured));
            }
            measurement = new MeasurementSettings(measurement.queueSize(), devices);
            chosen.add(NodeRole.MEASURE);
        }
        for (ServedDevice device : measurement.devices()) {
            if (device instanceof ServedDevice.CatalogSource) {
                latnas.hardware().byId(device.hardwareId());
            }
        }
        return new RuntimeSettings(chosen, measurement, configured.datasetBuilder(), configured.predictorPool(),
                configured.search());
    }

    private HttpSettings http(Config config) {
        HttpSettings http = HttpSettings.fromConfig(config);
        if (host != null) {
            http = http.withHost(host);
        }
        if (port != null) {
            http = http.withPort(port);
        }
        return http;
    }
}
