package io.latnas.runtime.predict;

import io.latnas.common.InvalidInputException;
import io.latnas.hardware.HardwareProfile;
import io.latnas.inference.LatencySourceModel;
import io.latnas.space.SearchSpace;

import java.util.Objects;

/**
 * A model a predictor pool serves from configuration: until trained predictors are registered, a latency
 * source of the hardware catalog seen as a model, e.g. {@code simulated:rtx2080ti@ofa-mbv3-w1.0}.
 *
 * @param source {@code simulated}, {@code lookup-table} or {@code replay}
 */
public record ServedModel(String hardwareId, String source, SearchSpace space) {

    public ServedModel {
        if (hardwareId == null || hardwareId.isBlank()) {
            throw new InvalidInputException("hardware", "a served model needs a hardware id");
        }
        if (!HardwareProfile.SOURCE_KINDS.contains(source)) {
            throw new InvalidInputException("source", "a served model's source '" + source + "' is not one of "
                    + String.join(", ", HardwareProfile.SOURCE_KINDS));
        }
        Objects.requireNonNull(space, "space");
    }

    /** The id the model is served under. */
    public String id() {
        return LatencySourceModel.id(source, hardwareId, space);
    }
}
