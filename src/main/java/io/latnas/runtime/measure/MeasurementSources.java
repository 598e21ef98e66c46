package io.latnas.runtime.measure;

import io.latnas.hardware.HardwareCatalog;
import io.latnas.latency.LatencySource;
import io.latnas.latency.LatencySources;
import io.latnas.latency.SimulationSettings;
import io.latnas.measure.external.ExternalMeter;

/**
 * Opens the latency source behind a served device. A {@link MeasurementActor} calls it once, on its
 * device's dispatcher, since opening may block: an external meter's handshake can take minutes.
 */
@FunctionalInterface
public interface MeasurementSources {

    /**
     * The source for {@code device}; it must answer for the device's hardware id. A source that is also
     * {@link AutoCloseable} is closed when its actor stops.
     *
     * @throws RuntimeException when the source cannot be opened; the message says why
     */
    LatencySource open(ServedDevice device);

    /** Catalog sources through {@link LatencySources}, external meters through {@link ExternalMeter#start}. */
    static MeasurementSources standard(HardwareCatalog catalog, SimulationSettings simulation) {
        return device -> {
            if (device instanceof ServedDevice.CatalogSource source) {
                return LatencySources.create(source.source(), catalog.byId(source.hardwareId()), source.space(),
                        simulation);
            }
            ServedDevice.MeterSource meter = (ServedDevice.MeterSource) device;
            return ExternalMeter.start(meter.meter(), meter.space());
        };
    }
}
