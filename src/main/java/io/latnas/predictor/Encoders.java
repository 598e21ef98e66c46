package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import io.latnas.encoding.ArchitectureEncoder;
import io.latnas.encoding.CostEncoder;
import io.latnas.encoding.CostFeatures;
import io.latnas.encoding.GpuGeneralisedEncoder;
import io.latnas.encoding.HardwareFeatures;
import io.latnas.encoding.Paper128Encoder;
import io.latnas.encoding.Paper131Encoder;
import io.latnas.encoding.ResolutionPaper128Encoder;
import io.latnas.space.SearchSpace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The encoders a predictor can be trained with, by id, and the state each needs rebuilt from a file. */
public final class Encoders {

    /** Every encoder id a predictor can be trained with and reloaded by. */
    public static final List<String> IDS = List.of(Paper128Encoder.ID, Paper131Encoder.ID, ResolutionPaper128Encoder.ID,
            CostEncoder.COST_ID, CostEncoder.PAPER128_COST_ID, GpuGeneralisedEncoder.ID);

    private Encoders() {
    }

    /**
     * The encoder with this id, with any fitted state (hardware scaling, cost-feature standardisation)
     * fitted on the training rows; cost features are counted at the space's width multiplier.
     *
     * @throws InvalidInputException when the id is unknown or a hardware-aware encoder meets rows without hardware features
     */
    public static ArchitectureEncoder forTraining(String id, SearchSpace space, LatencySamples train) {
        if (isCost(id)) {
            int[] batches = new int[train.size()];
            for (int i = 0; i < batches.length; i++) {
                batches[i] = train.batchSize(i);
            }
            if (train.isEmpty()) {
                throw new InvalidInputException("encoder", "encoder " + id + " fits its scaling on training rows; there are none");
            }
            CostFeatures features = CostFeatures.fit(space.widthMultiplier(), train.architectures(), batches);
            return restore(id, null, features);
        }
        return forTraining(id, train);
    }

    /**
     * The encoder with this id; hardware-aware encoders fit their feature scaling on the training rows.
     *
     * @throws InvalidInputException when the id is unknown, names a cost encoder (which needs the space),
     *                               or a hardware-aware encoder meets rows without hardware features
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
        if (GpuGeneralisedEncoder.ID.equals(id)) {
            return fitGpuGeneralised(train);
        }
        if (isCost(id)) {
            throw new InvalidInputException("encoder", "encoder " + id
                    + " counts costs at a search space's width; build it with Encoders.forTraining(id, space, rows)");
        }
        return restore(id, null, null);
    }

    /** Scales over each distinct (hardware, batch size) pair once, however many rows it has. */
    private static GpuGeneralisedEncoder fitGpuGeneralised(LatencySamples train) {
        Map<String, double[]> hardware = new LinkedHashMap<>();
        Map<String, Integer> batches = new LinkedHashMap<>();
        for (int i = 0; i < train.size(); i++) {
            double[] f = train.hardwareFeatures(i);
            if (f == null || f.length < GpuGeneralisedEncoder.RAW_HARDWARE_FEATURES) {
                throw new InvalidInputException("encoder", "encoder " + GpuGeneralisedEncoder.ID + " reads cores, "
                        + "memory, bandwidth and peak GFLOP/s, but training row " + i + " (" + train.hardwareId(i)
                        + ") lacks them");
            }
            String key = train.hardwareId(i) + "@" + train.batchSize(i);
            hardware.putIfAbsent(key, f);
            batches.putIfAbsent(key, train.batchSize(i));
        }
        return GpuGeneralisedEncoder.fit(List.copyOf(hardware.values()), List.copyOf(batches.values()));
    }

    /** Rebuilds an encoder from its id and the fitted state recorded with a model. */
    static ArchitectureEncoder restore(String id, HardwareFeatures scaling, CostFeatures cost) {
        if (Paper128Encoder.ID.equals(id)) {
            return new Paper128Encoder();
        }
        if (ResolutionPaper128Encoder.ID.equals(id)) {
            return new ResolutionPaper128Encoder();
        }
        if (Paper131Encoder.ID.equals(id)) {
            if (scaling == null) {
                throw new InvalidInputException("encoder", "encoder " + id + " needs its hardware feature scaling");
            }
            return new Paper131Encoder(scaling);
        }
        if (GpuGeneralisedEncoder.ID.equals(id)) {
            if (scaling == null) {
                throw new InvalidInputException("encoder", "encoder " + id + " needs its hardware feature scaling");
            }
            return new GpuGeneralisedEncoder(scaling);
        }
        if (isCost(id)) {
            if (cost == null) {
                throw new InvalidInputException("encoder", "encoder " + id + " needs its cost feature scaling");
            }
            return CostEncoder.COST_ID.equals(id) ? CostEncoder.cost(cost) : CostEncoder.paper128AndCost(cost);
        }
        throw new InvalidInputException("encoder", "unknown encoder '" + id + "'; known: " + String.join(", ", IDS));
    }

    /**
     * Checks an encoder id before training starts.
     *
     * @throws InvalidInputException when the id is unknown
     */
    public static void requireKnown(String id) {
        if (!IDS.contains(id)) {
            throw new InvalidInputException("encoder", "unknown encoder '" + id + "'; known: " + String.join(", ", IDS));
        }
    }

    /** The hardware scaling an encoder carries, or {@code null}. */
    static HardwareFeatures scalingOf(ArchitectureEncoder encoder) {
        if (encoder instanceof GpuGeneralisedEncoder g) {
            return g.scaling();
        }
        return encoder instanceof Paper131Encoder p ? p.scaling() : null;
    }

    /** The cost-feature scaling an encoder carries, or {@code null}. */
    static CostFeatures costScalingOf(ArchitectureEncoder encoder) {
        return encoder instanceof CostEncoder c ? c.features() : null;
    }

    private static boolean isCost(String id) {
        return CostEncoder.COST_ID.equals(id) || CostEncoder.PAPER128_COST_ID.equals(id);
    }
}
