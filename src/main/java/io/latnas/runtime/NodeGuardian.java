package io.latnas.runtime;

import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.measure.MeasurementSources;
import io.latnas.runtime.measure.ServedDevice;
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

/**
 * The root of a node: spawns what the node's roles need and nothing else. The measure role gets one
 * {@link MeasurementActor} per served device (per replica); the predict, search and api roles are
 * wired in {@link #startRole} as they are built. Dataset builders run on any node, one per job.
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

    private record MeasurementActorStopped(ActorRef<MeasurementActor.Command> actor, String device)
            implements Command {
    }

    private record DatasetBuilderStopped(Path output) implements Command {
    }

    private final RuntimeSettings settings;
    private final MeasurementSources sources;
    private final List<ActorRef<MeasurementActor.Command>> measurementActors = new ArrayList<>();
    private final Map<Path, ActorRef<DatasetBuilder.Command>> builders = new HashMap<>();
    private int buildsStarted;

    private NodeGuardian(ActorContext<Command> context, RuntimeSettings settings, MeasurementSources sources) {
        super(context);
        this.settings = settings;
        this.sources = sources;
        for (NodeRole role : settings.roles()) {
            startRole(role);
        }
    }

    /**
     * @param sources opens the latency source of each served device
     */
    public static Behavior<Command> create(RuntimeSettings settings, MeasurementSources sources) {
        return Behaviors.setup(context -> new NodeGuardian(context, settings, sources));
    }

    private void startRole(NodeRole role) {
        switch (role) {
            case MEASURE -> startMeasurementActors();
            // Predictor pool, search supervisor and HTTP server: each is spawned here by its own issue.
            case PREDICT, SEARCH, API -> getContext().getLog().warn("role '{}' has nothing to run in this build yet",
                    role.configName());
        }
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
                        MeasurementActor.create(device, settings.measurement().queueSize(), sources), name);
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
