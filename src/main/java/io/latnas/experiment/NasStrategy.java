package io.latnas.experiment;

import io.latnas.common.InvalidInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a search of the NAS experiment gets its latencies (paper §5.6 compares these). */
public enum NasStrategy {
    /** OFA's per-layer lookup table of the hardware, where it has one. */
    LOOKUP_TABLE("lookup-table"),
    /** The hardware's device itself; for a simulated device, its roofline with measurement noise. */
    MEASURED("measured"),
    /** The MLP latency predictor, every candidate a model call. */
    PREDICTOR("predictor"),
    /** The same predictor behind a Caffeine memo: a candidate seen before costs a lookup. */
    PREDICTOR_MEMO("predictor+memo");

    private final String id;

    NasStrategy(String id) {
        this.id = id;
    }

    /** The name used on the command line and in reports. */
    public String id() {
        return id;
    }

    public boolean usesPredictor() {
        return this == PREDICTOR || this == PREDICTOR_MEMO;
    }

    /**
     * @throws InvalidInputException naming the known strategies when {@code id} is none of them
     */
    public static NasStrategy byId(String id) {
        for (NasStrategy s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new InvalidInputException("strategies", "unknown latency strategy '" + id + "'; known: "
                + Arrays.stream(values()).map(NasStrategy::id).collect(Collectors.joining(", ")));
    }
}
