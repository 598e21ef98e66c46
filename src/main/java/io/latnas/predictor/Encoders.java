package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import io.latnas.encoding.ArchitectureEncoder;
import io.latnas.encoding.HardwareFeatures;
import io.latnas.encoding.Paper128Encoder;
import io.latnas.encoding.Paper131Encoder;

import java.util.List;

/** The encoders a predictor can be trained with, by id, and the state each needs rebuilt from a file. */
final class Encoders {

    static final List<String> IDS = List.of(Paper128Encoder.ID, Paper131Encoder.ID);

    private Encoders() {
    }

    /**
     * The encoder with this id; hardware-aware encoders fit their feature scaling on the training rows.
     *
     * @throws InvalidInputException when the id is unknown or a hardware-aware encoder meets rows without hardware features
     */
    static ArchitectureEncoder forTraining(String id, LatencySamples train) {
        if (Paper131Encoder.ID.equals(id)) {
            List<double[]> hardware = train.distinctHardwareFeatures();
            if (hardware.isEmpty()) {
                throw new InvalidInputException("encoder", "encoder " + id
                        + " reads hardware features, but the training rows have none");
            }
            return new Paper131Encoder(HardwareFeatures.fit(hardware));
        }
        return restore(id, null);
    }

    /** Rebuilds an encoder from its id and, for hardware-aware ones, the scaling recorded with a model. */
    static ArchitectureEncoder restore(String id, HardwareFeatures scaling) {
        if (Paper128Encoder.ID.equals(id)) {
            return new Paper128Encoder();
        }
        if (Paper131Encoder.ID.equals(id)) {
            if (scaling == null) {
                throw new InvalidInputException("encoder", "encoder " + id + " needs its hardware feature scaling");
            }
            return new Paper131Encoder(scaling);
        }
        throw new InvalidInputException("encoder", "unknown encoder '" + id + "'; known: " + String.join(", ", IDS));
    }

    /**
     * Checks an encoder id before training starts.
     *
     * @throws InvalidInputException when the id is unknown
     */
    static void requireKnown(String id) {
        if (!IDS.contains(id)) {
            throw new InvalidInputException("encoder", "unknown encoder '" + id + "'; known: " + String.join(", ", IDS));
        }
    }

    /** The hardware scaling an encoder carries, or {@code null}. */
    static HardwareFeatures scalingOf(ArchitectureEncoder encoder) {
        return encoder instanceof Paper131Encoder p ? p.scaling() : null;
    }
}
