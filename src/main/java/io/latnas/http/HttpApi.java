package io.latnas.http;

import io.latnas.hardware.HardwareCatalog;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeRole;
import io.latnas.search.SearchSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * Puts the API together on a running node: asks the guardian for the services its roles run, starts the
 * dataset-job tracker, builds every routes class over the actor refs it needs, and binds the server.
 * The one place that knows which routes exist.
 *
 * @param roles          the node's roles, as its guardian runs them
 * @param catalog        the hardware catalog requests are checked against
 * @param searchDefaults what a search request that leaves out batch, population, generations or seed gets
 */
public record HttpApi(Set<NodeRole> roles, HardwareCatalog catalog, SearchSettings searchDefaults,
                      HttpSettings settings) {

    public HttpApi {
        roles = Set.copyOf(roles);
    }

    /**
     * Starts the API on {@code system}.
     *
     * @throws io.latnas.common.InvalidInputException at once when the settings are unsafe to bind (see
     *                                                {@link HttpServer#checkSafeToBind}); the stage fails with
     *                                                one when the port cannot be bound
     */
    public CompletionStage<HttpServer> start(ActorSystem<NodeGuardian.Command> system) {
        HttpServer.checkSafeToBind(settings);
        ActorRef<DatasetJobs.Command> datasetJobs = system.systemActorOf(DatasetJobs.create(system,
                settings.limits().maxRunningDatasets(), settings.limits().datasetsKept()), "http-dataset-jobs",
                Props.empty());
        CompletionStage<NodeGuardian.Services> services = AskPattern.ask(system, NodeGuardian.GetServices::new,
                settings.askTimeout(), system.scheduler());
        return services.thenCompose(s -> HttpServer.start(system, settings,
                routes(system, s, datasetJobs, new HttpMetrics()).route()));
    }

    /** Every route of the API over the node's services and a dataset-job tracker. */
    public ApiRoutes routes(ActorSystem<NodeGuardian.Command> system, NodeGuardian.Services services,
                            ActorRef<DatasetJobs.Command> datasetJobs, HttpMetrics metrics) {
        return new ApiRoutes(settings, metrics, List.of(
                new NodeRoutes(system, services, roles, system.address(), settings, system.scheduler()),
                new CatalogRoutes(catalog),
                new DatasetRoutes(datasetJobs, system, catalog, settings, system.scheduler()),
                new PredictionRoutes(services.predictorPool(), settings, system.scheduler()),
                new SearchRoutes(services.searchSupervisor(), searchDefaults, settings, system.scheduler()),
                new MetricsRoutes(metrics, system, services, datasetJobs, settings, system.scheduler()),
                new OpenApiRoutes()));
    }
}
