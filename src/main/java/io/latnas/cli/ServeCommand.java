package io.latnas.cli;

import com.typesafe.config.Config;
import io.latnas.common.InvalidInputException;
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
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * {@code latnas serve}: a node with the HTTP API. Starts the node's roles and the API, then runs until the
 * process is told to stop (SIGTERM, Ctrl-C): Pekko's coordinated shutdown then closes the port, lets requests
 * in flight finish within {@code latnas.http.shutdown-deadline}, and stops the actors.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run a node with the HTTP API (docs/API.md) until SIGTERM or Ctrl-C.",
                "Settings come from latnas.runtime and latnas.http (conf/http.conf) and the environment:"
                        + " LATNAS_HTTP_TOKEN (the bearer token; required to listen beyond 127.0.0.1),"
                        + " LATNAS_HTTP_HOST, LATNAS_HTTP_PORT. Flags override them."})
final class ServeCommand implements Callable<Integer> {

    /** How long binding may take before the command gives up. */
    private static final long BIND_TIMEOUT_SECONDS = 60;

    @Spec
    CommandSpec spec;

    @Option(names = "--roles", split = ",", paramLabel = "ROLE",
            description = "What this node runs: measure, predict, search (default latnas.runtime.roles); api is"
                    + " always added.")
    List<String> roles;

    @Option(names = "--host", description = "Address to listen on (default latnas.http.host, 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "Port to listen on; 0 picks a free one (default latnas.http.port).")
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
        // Cluster flags (seed nodes, the remoting port) will adjust this configuration before the node starts.
        Config config = HttpSettings.withHttpConfig(LatnasNode.withRuntimeConfig(latnas.config()));
        RuntimeSettings runtime = runtime(config, latnas);
        HttpSettings http = http(config);
        HttpServer.checkSafeToBind(http);

        LatnasNode node = LatnasNode.start(config, runtime, NodeResources.fromConfig(config));
        HttpServer server = bind(node, runtime, latnas, config, http);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("LatencyNAS serving on %s/v1 (roles %s%s); Ctrl-C to stop%n", server.baseUrl(),
                runtime.roles().stream().map(NodeRole::configName).sorted().collect(Collectors.joining(", ")),
                http.hasToken() ? ", bearer token required" : "");
        out.flush();
        node.system().getWhenTerminated().toCompletableFuture().join();
        return 0;
    }

    private RuntimeSettings runtime(Config config, LatnasSettings latnas) {
        RuntimeSettings configured = RuntimeSettings.fromConfig(config);
        Set<NodeRole> chosen = EnumSet.noneOf(NodeRole.class);
        if (roles == null) {
            chosen.addAll(configured.roles());
        } else {
            for (String role : roles) {
                chosen.add(NodeRole.fromConfigName(role.trim()));
            }
        }
        chosen.add(NodeRole.API);
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

    private static HttpServer bind(LatnasNode node, RuntimeSettings runtime, LatnasSettings latnas, Config config,
                                   HttpSettings http) throws InterruptedException {
        HttpApi api = new HttpApi(runtime.roles(), latnas.hardware(), SearchSettings.fromConfig(config), http);
        try {
            return api.start(node.system()).toCompletableFuture().get(BIND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            node.close();
            if (e.getCause() instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw new IllegalStateException("the API did not start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            node.close();
            throw new IllegalStateException("the API did not start within " + BIND_TIMEOUT_SECONDS + " s", e);
        } catch (RuntimeException | InterruptedException e) {
            node.close();
            throw e;
        }
    }
}
