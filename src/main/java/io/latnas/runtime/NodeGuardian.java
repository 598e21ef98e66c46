package io.latnas.runtime;

import io.latnas.inference.LatencyCache;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.measure.ServedDevice;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.search.SearchSupervisor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The root of a node: spawns what the node's roles need and nothing else. The measure role gets one
 * {@link MeasurementActor} per served device (per replica), the predict role a {@link PredictorPool}
 * serving the configured models, the search role a {@link SearchSupervisor}; each registers with the
 * Receptionist, and {@link GetServices} hands their refs to whatever fronts the node (the HTTP layer).
 * The api role is the HTTP server, which io.latnas.cluster.ClusterNode binds over those services once
 * the guardian runs. Dataset builders run on any node, one per job.
 */
public final class NodeGuardian extends AbstractBehavior<NodeGuardian.Command> {

    public sealed interface Command {
    }

    /**
     * Start a {@link DatasetBuilder} for {@code job}; {@code replyTo} hears its events, or
     * {@link DatasetBuilder.BuildRefused} when a build on this node already writes the same file.
     */
    public record BuildDataset(DatasetJob job, ActorRef<DatasetBuilder.Event> replyTo) implements Command {
    }

    public record GetMeasurementActors(ActorRef<MeasurementActors> replyTo) implements Command {
    }

    /** The measurement actors running on this node, in the order they were spawned. */
    public record MeasurementActors(List<ActorRef<MeasurementActor.Command>> actors) {
    }

    public record GetServices(ActorRef<Services> replyTo) implements Command {
    }

    /**
     * The services this node runs, for a front end to talk to: empty where the node lacks the role.
     *
     * @param latencyCache the node-wide cache behind the pool, for metrics that need no message
     */
    public record Services(Optional<ActorRef<PredictorPool.Command>> predictorPool,
                           Optional<ActorRef<SearchSupervisor.Command>> searchSupervisor,
                           List<ActorRef<MeasurementActor.Command>> measurementActors,
                           Optional<LatencyCache> latencyCache) {
    }

    private enum ServiceStopped implements Command {
        PREDICTOR_POOL, SEARCH_SUPERVISOR
    }

    private record MeasurementActorStopped(ActorRef<MeasurementActor.Command> actor, String device)
            implements Command {
    }

    private record DatasetBuilderStopped(Path output) implements Command {
    }

    private final RuntimeSettings settings;
    private final NodeResources resources;
    private final List<ActorRef<MeasurementActor.Command>> measurementActors = new ArrayList<>();
    private final Map<Path, ActorRef<DatasetBuilder.Command>> builders = new HashMap<>();
    private ActorRef<PredictorPool.Command> predictorPool;
    private LatencyCache latencyCache;
    private ActorRef<SearchSupervisor.Command> searchSupervisor;
    private int buildsStarted;

    private NodeGuardian(ActorContext<Command> context, RuntimeSettings settings, NodeResources resources) {
        super(context);
        this.settings = settings;
        this.resources = resources;
        for (NodeRole role : settings.roles()) {
            startRole(role);
        }
    }

    /**
     * @param resources opens the measure role's sources and the predict role's models, and builds searches
     */
    public static Behavior<Command> create(RuntimeSettings settings, NodeResources resources) {
        return Behaviors.setup(context -> new NodeGuardian(context, settings, resources));
    }

    private void startRole(NodeRole role) {
        switch (role) {
            case MEASURE -> startMeasurementActors();
            case PREDICT -> startPredictorPool();
            case SEARCH -> startSearchSupervisor();
            // The HTTP API needs every other role's services first; io.latnas.cluster.ClusterNode binds it
            // once the guardian has started them.
            case API -> getContext().getLog().debug("the api role is served by the node's HTTP server");
        }
    }

    private void startPredictorPool() {
        if (settings.predictorPool().models().isEmpty()) {
            getContext().getLog().warn("this node has the predict role but serves no model from configuration"
                    + " (latnas.runtime.predictor-pool.models is empty); models may still be registered");
        }
        latencyCache = new LatencyCache(settings.predictorPool().cacheSize());
        predictorPool = getContext().spawn(PredictorPool.create(settings.predictorPool(), latencyCache,
                resources.predictionModels()), "predictor-pool");
        getContext().watchWith(predictorPool, ServiceStopped.PREDICTOR_POOL);
    }

    private void startSearchSupervisor() {
        searchSupervisor = getContext().spawn(SearchSupervisor.create(settings.search(), resources.search()),
                "search-supervisor");
        getContext().watchWith(searchSupervisor, ServiceStopped.SEARCH_SUPERVISOR);
    }

    private void startMeasurementActors() {
        List<ServedDevice> devices = settings.measurement().devices();
        if (devices.isEmpty()) {
            getContext().getLog().warn("this node has the measure role but serves no device"
                    + " (latnas.runtime.measure.devices is empty)");
        }
        for (ServedDevice device : devices) {
            for (int replica = 1; replica <= device.replicas(); replica++) {
                // Meter names come from configuration keys, which may hold characters actor names may not.
                String name = "measure-" + (measurementActors.size() + 1) + "-"
                        + device.name().replaceAll("[^A-Za-z0-9._-]", "_");
                ActorRef<MeasurementActor.Command> actor = getContext().spawn(
                        MeasurementActor.create(device, settings.measurement().queueSize(),
                                resources.measurementSources()), name);
                getContext().watchWith(actor, new MeasurementActorStopped(actor, device.name()));
                measurementActors.add(actor);
            }
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(BuildDataset.class, this::onBuildDataset)
                .onMessage(GetMeasurementActors.class, this::onGetMeasurementActors)
                .onMessage(GetServices.class, this::onGetServices)
                .onMessageEquals(ServiceStopped.PREDICTOR_POOL, this::onPredictorPoolStopped)
                .onMessageEquals(ServiceStopped.SEARCH_SUPERVISOR, this::onSearchSupervisorStopped)
                .onMessage(MeasurementActorStopped.class, this::onMeasurementActorStopped)
                .onMessage(DatasetBuilderStopped.class, this::onDatasetBuilderStopped)
                .build();
    }

    private Behavior<Command> onBuildDataset(BuildDataset request) {
        Path output = request.job().output().toAbsolutePath().normalize();
        ActorRef<DatasetBuilder.Command> running = builders.get(output);
        if (running != null) {
            request.replyTo().tell(new DatasetBuilder.BuildRefused(output.toString(), running.path()
                    + " is already building " + output));
            return this;
        }
        ActorRef<DatasetBuilder.Command> builder = getContext().spawn(
                DatasetBuilder.create(request.job(), settings.datasetBuilder(), request.replyTo()),
                "dataset-" + (++buildsStarted), DatasetBuilder.props());
        getContext().watchWith(builder, new DatasetBuilderStopped(output));
        builders.put(output, builder);
        return this;
    }

    private Behavior<Command> onGetMeasurementActors(GetMeasurementActors request) {
        request.replyTo().tell(new MeasurementActors(List.copyOf(measurementActors)));
        return this;
    }

    private Behavior<Command> onGetServices(GetServices request) {
        request.replyTo().tell(new Services(Optional.ofNullable(predictorPool), Optional.ofNullable(searchSupervisor),
                List.copyOf(measurementActors), Optional.ofNullable(latencyCache)));
        return this;
    }

    private Behavior<Command> onPredictorPoolStopped() {
        getContext().getLog().error("the predictor pool stopped; this node no longer predicts latencies");
        predictorPool = null;
        return this;
    }

    private Behavior<Command> onSearchSupervisorStopped() {
        getContext().getLog().error("the search supervisor stopped; this node no longer runs searches");
        searchSupervisor = null;
        return this;
    }

    private Behavior<Command> onMeasurementActorStopped(MeasurementActorStopped stopped) {
        measurementActors.remove(stopped.actor());
        getContext().getLog().warn("measurement actor for {} stopped; this node no longer measures on it",
                stopped.device());
        return this;
    }

    private Behavior<Command> onDatasetBuilderStopped(DatasetBuilderStopped stopped) {
        builders.remove(stopped.output());
        return this;
    }
}
