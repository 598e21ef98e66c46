package io.latnas.http;

import io.latnas.hardware.HardwareCatalog;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeRole;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Puts the API together on a running node: the dataset-job tracker, every routes class over the actor
 * refs it needs, and the server. The one place that knows which routes exist.
 */
public final class HttpApi {

    private HttpApi() {
    }

    /**
     * Starts the API on {@code system}, whose guardian runs the node's {@code roles}.
     *
     * @throws io.latnas.common.InvalidInputException when the settings are unsafe to bind (see
     *                                                {@link HttpServer#checkSafeToBind})
     */
    public static CompletionStage<HttpServer> start(ActorSystem<NodeGuardian.Command> system, Set<NodeRole> roles,
                                                    HardwareCatalog catalog, HttpSettings settings) {
        HttpServer.checkSafeToBind(settings);
        ApiRoutes api = routes(system, roles, catalog, settings, new HttpMetrics(), datasetJobs(system, settings));
        return HttpServer.start(system, settings, api.route());
    }

    /** The tracker of dataset jobs started through the API, as a system actor beside the guardian. */
    public static ActorRef<DatasetJobs.Command> datasetJobs(ActorSystem<NodeGuardian.Command> system,
                                                            HttpSettings settings) {
        return system.systemActorOf(DatasetJobs.create(system, settings.maxRunningDatasets(), settings.datasetsKept()),
                "http-dataset-jobs", Props.empty());
    }

    /** Every route of the API over the given actors. */
    public static ApiRoutes routes(ActorSystem<NodeGuardian.Command> system, Set<NodeRole> roles,
                                   HardwareCatalog catalog, HttpSettings settings, HttpMetrics metrics,
                                   ActorRef<DatasetJobs.Command> datasetJobs) {
        return new ApiRoutes(settings, metrics, List.of(
                new NodeRoutes(system, roles, system.address(), settings, system.scheduler()),
                new CatalogRoutes(catalog),
                new DatasetRoutes(datasetJobs, system, catalog, settings, system.scheduler()),
                new MetricsRoutes(metrics, system, datasetJobs, settings, system.scheduler()),
                new OpenApiRoutes()));
    }
}
