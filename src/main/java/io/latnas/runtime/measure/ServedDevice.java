package io.latnas.runtime.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.measure.external.ExternalMeter;
import io.latnas.measure.external.ExternalMeterSettings;
import io.latnas.space.SearchSpace;

import java.util.Objects;

/**
 * One device a node measures on: where its latencies come from, the search space whose architectures
 * it measures, how many actors serve it and the dispatcher their source calls run on. A local DL4J meter
 * becomes one more variant here and in {@link MeasurementSources#standard}.
 */
public sealed interface ServedDevice permits ServedDevice.CatalogSource, ServedDevice.MeterSource {

    /** Where source calls run unless a device names another dispatcher. */
    String DEFAULT_DISPATCHER = "latnas.measurement-dispatcher";

    /** The hardware id every measurement is filed under. */
    String hardwareId();

    SearchSpace space();

    /** How many actors serve this device on this node. */
    int replicas();

    /** The configuration path of the dispatcher its source calls run on. */
    String dispatcher();

    /** How the numbers are obtained, as configured: a latency source kind, or {@code external}. */
    String sourceKind();

    /** A short name for actor names and logs, e.g. {@code rtx2080ti-simulated} or {@code meter-gpu-box}. */
    String name();

    /**
     * A source the hardware catalog describes: the simulated device, the lookup table or the replayed
     * measurements of {@code hardwareId} ({@link io.latnas.latency.LatencySources}).
     *
     * @param source {@code auto}, {@code simulated}, {@code lookup-table} or {@code replay}
     */
    record CatalogSource(String hardwareId, String source, SearchSpace space, int replicas, String dispatcher)
            implements ServedDevice {

        public CatalogSource {
            requireText("hardware", hardwareId);
            requireText("source", source);
            Objects.requireNonNull(space, "space");
            if (replicas < 1) {
                throw new InvalidInputException("replicas", "device " + hardwareId + ": replicas=" + replicas
                        + " must be at least 1");
            }
            requireText("dispatcher", dispatcher);
        }

        /** One actor on the measurement dispatcher. */
        public static CatalogSource of(String hardwareId, String source, SearchSpace space) {
            return new CatalogSource(hardwareId, source, space, 1, DEFAULT_DISPATCHER);
        }

        @Override
        public String sourceKind() {
            return source;
        }

        @Override
        public String name() {
            return hardwareId + "-" + source;
        }
    }

    /**
     * An external meter under {@code latnas.meters.external}; one actor, since each meter is one process
     * speaking to one device.
     */
    record MeterSource(ExternalMeterSettings meter, SearchSpace space, String dispatcher) implements ServedDevice {

        public MeterSource {
            Objects.requireNonNull(meter, "meter");
            Objects.requireNonNull(space, "space");
            requireText("dispatcher", dispatcher);
        }

        @Override
        public String hardwareId() {
            return meter.hardwareId();
        }

        @Override
        public int replicas() {
            return 1;
        }

        @Override
        public String sourceKind() {
            return ExternalMeter.KIND;
        }

        @Override
        public String name() {
            return "meter-" + meter.name();
        }
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(field, "a served device needs a non-empty " + field);
        }
    }
}
