package io.latnas.measure.external;

import io.latnas.space.Architecture;

import java.util.Objects;

/**
 * One latency an external meter reported, with what it said about itself and about the run.
 *
 * @param latencyMs the meter's latency, finite and positive
 * @param device    the device description from the meter's handshake, as one line of JSON; recorded
 *                  with every row so a dataset says which hardware and software produced it
 * @param meta      the reply's optional {@code meta} object as one line of JSON, {@code {}} when absent
 */
public record Measurement(Architecture architecture, int batchSize, double latencyMs, String device, String meta) {

    public Measurement {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(meta, "meta");
        if (!(Double.isFinite(latencyMs) && latencyMs > 0)) {
            throw new IllegalArgumentException("latency " + latencyMs + " ms is not a finite positive number");
        }
    }
}
