package io.latnas.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One latency measurement: an architecture on a hardware id at a batch size, in milliseconds.
 *
 * @param source     how the number was obtained: {@code simulated}, {@code lookup-table},
 *                   {@code replay:help-ofa}, {@code measured:...}
 * @param measuredAt when it was obtained
 * @param rowId      the row id of the file it came from, when that file numbers its rows (help-ofa's
 *                   {@code id} column, which its train/test split is defined on)
 */
public record LatencyRecord(Architecture architecture, String hardwareId, int batchSize, double latencyMs,
                            String source, Instant measuredAt, OptionalInt rowId) {

    public LatencyRecord {
        Objects.requireNonNull(architecture, "architecture");
        if (hardwareId == null || hardwareId.isBlank()) {
            throw new InvalidInputException("hardware", "hardware id is empty");
        }
        if (batchSize <= 0) {
            throw new InvalidInputException("batch", "batch size " + batchSize + " must be positive");
        }
        checkLatency(latencyMs);
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("source", "source is empty");
        }
        Objects.requireNonNull(measuredAt, "measuredAt");
        Objects.requireNonNull(rowId, "rowId");
    }

    /** A record without a row id. */
    public LatencyRecord(Architecture architecture, String hardwareId, int batchSize, double latencyMs,
                         String source, Instant measuredAt) {
        this(architecture, hardwareId, batchSize, latencyMs, source, measuredAt, OptionalInt.empty());
    }

    /**
     * Rejects latencies that cannot be a measurement.
     *
     * @throws InvalidInputException when the value is NaN, infinite or negative
     */
    static void checkLatency(double latencyMs) {
        if (!Double.isFinite(latencyMs) || latencyMs < 0) {
            throw new InvalidInputException("latency_ms", "latency " + latencyMs
                    + " ms is not a finite, non-negative number");
        }
    }

    public Target target() {
        return new Target(hardwareId, batchSize);
    }

    /** The same measurement with another row id. */
    public LatencyRecord withRowId(OptionalInt id) {
        return new LatencyRecord(architecture, hardwareId, batchSize, latencyMs, source, measuredAt, id);
    }
}
