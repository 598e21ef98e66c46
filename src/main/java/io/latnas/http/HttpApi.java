package io.latnas.http;

import io.latnas.hardware.HardwareCatalog;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.ServiceProxy;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.search.SearchSupervisor;
import io.latnas.search.SearchSettings;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.List;
import java.util.Optional;
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
     * The API's own bookkeeping actors, beside the guardian: dataset jobs, and predictor training where the
     * node has a predictor pool.
     */
    public record Trackers(ActorRef<DatasetJobs.Command> datasets,
                           Optional<ActorRef<PredictorTraining.Command>> training) {
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
        CompletionStage<NodeGuardian.Services> services = AskPattern.ask(system, NodeGuardian.GetServices::new,
                settings.askTimeout(), system.scheduler());
        return services.thenCompose(local -> {
            // Trackers only for local services: a trained model is registered with the pool by reference,
            // which cannot cross nodes.
            Trackers trackers = spawnTrackers(system, local, "http");
            return HttpServer.start(system, settings, routes(system, local, withRemoteServices(system, local),
                    trackers, new HttpMetrics()).route());
        });
    }

    /**
     * On a cluster node without the search or predict role, searches and predictions go to a search
     * supervisor or predictor pool on another node, found through the Receptionist.
     */
    private static NodeGuardian.Services withRemoteServices(ActorSystem<NodeGuardian.Command> system,
                                                            NodeGuardian.Services local) {
        if (!system.address().hasGlobalScope()) {
            return local;
        }
        Optional<ActorRef<PredictorPool.Command>> pool = local.predictorPool().or(() -> Optional.of(
                proxy(system, PredictorPool.SERVICE_KEY, PredictorPool.Command.class, "http-predictor-pool")));
        Optional<ActorRef<SearchSupervisor.Command>> supervisor = local.searchSupervisor().or(() -> Optional.of(
                proxy(system, SearchSupervisor.SERVICE_KEY, SearchSupervisor.Command.class, "http-search-supervisor")));
        return new NodeGuardian.Services(pool, supervisor, local.measurementActors(), local.latencyCache());
    }

    private static <T> ActorRef<T> proxy(ActorSystem<?> system, ServiceKey<T> key, Class<T> type, String name) {
        return system.systemActorOf(ServiceProxy.create(key, type), name, Props.empty()).unsafeUpcast();
    }

    /**
     * Spawns the trackers as system actors named {@code <prefix>-dataset-jobs} and
     * {@code <prefix>-predictor-training}.
     */
    public Trackers spawnTrackers(ActorSystem<NodeGuardian.Command> system, NodeGuardian.Services services,
                                  String prefix) {
        ActorRef<DatasetJobs.Command> datasets = system.systemActorOf(DatasetJobs.create(system,
                settings.limits().maxRunningDatasets(), settings.limits().datasetsKept()), prefix + "-dataset-jobs",
                Props.empty());
        Optional<ActorRef<PredictorTraining.Command>> training = services.predictorPool().map(pool ->
                system.systemActorOf(PredictorTraining.create(pool, settings.dataDir()), prefix + "-predictor-training",
                        Props.empty()));
        return new Trackers(datasets, training);
    }

    /** Every route of the API over the node's services and the API's trackers. */
    public ApiRoutes routes(ActorSystem<NodeGuardian.Command> system, NodeGuardian.Services services,
                            Trackers trackers, HttpMetrics metrics) {
        return routes(system, services, services, trackers, metrics);
    }

    /**
     * Every route of the API: readiness and metrics report the node's own services ({@code local}), while
     * predictions and searches use {@code served}, which may stand in for services on other nodes.
     */
    private ApiRoutes routes(ActorSystem<NodeGuardian.Command> system, NodeGuardian.Services local,
                             NodeGuardian.Services served, Trackers trackers, HttpMetrics metrics) {
        return new ApiRoutes(settings, metrics, List.of(
                new NodeRoutes(system, local, roles, settings),
                new CatalogRoutes(catalog),
                new DatasetRoutes(trackers.datasets(), system, catalog, settings, system.scheduler()),
                new PredictionRoutes(served.predictorPool(), settings, system.scheduler()),
                new PredictorRoutes(local.predictorPool(), trackers.training(), settings, system.scheduler()),
                new SearchRoutes(served.searchSupervisor(), searchDefaults, settings, system.scheduler()),
                new MetricsRoutes(metrics, system, local, trackers.datasets(), settings, system.scheduler()),
                new OpenApiRoutes()));
    }
}
