package io.latnas.predictor;

import io.latnas.encoding.CostFeatures;
import io.latnas.encoding.HardwareFeatures;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where a predictor came from: enough to tell two models apart and to retrain one.
 *
 * @param predictorId     stable id derived from the trained weights and what produced them
 * @param encoderId       the encoder its inputs were laid out by ({@code paper128}, {@code paper131})
 * @param hardwareScaling the standardisation of hardware features, for encoders that read hardware; else {@code null}
 * @param hardwareIds     hardware ids of the training rows
 * @param batchSizes      batch sizes of the training rows
 * @param datasetHash     hash of the training, validation and test rows together ({@link SampleSplit#datasetHash()})
 * @param split           how those rows were split
 * @param trainRows       number of training rows
 * @param validationRows  number of validation rows
 * @param testRows        number of test rows
 * @param hyperParameters the training settings, seed included
 * @param createdAt       when training finished
 * @param basePredictorId the predictor this one was fine-tuned from, or {@code null} when trained from scratch
 * @param frozenLayers    how many layers, counted from the input, kept the base predictor's weights (0 when trained from scratch)
 * @param costScaling     the width multiplier and standardisation of cost-model features, for encoders that read
 *                        them ({@code cost}, {@code paper128+cost}); else {@code null} (and absent in older files)
 * @param spaceId         the search space of the training architectures, or {@code null} when the rows did not say
 *                        (and in older files)
 */
public record PredictorProvenance(String predictorId, String encoderId, HardwareFeatures hardwareScaling,
                                  List<String> hardwareIds, List<Integer> batchSizes, String datasetHash,
                                  String split, int trainRows, int validationRows, int testRows,
                                  MlpHyperParameters hyperParameters, Instant createdAt, String basePredictorId,
                                  int frozenLayers, CostFeatures costScaling, String spaceId) {

    public PredictorProvenance {
        hardwareIds = List.copyOf(hardwareIds);
        batchSizes = List.copyOf(batchSizes);
    }

    /** The seed training used (it is one of the hyper-parameters). */
    public long seed() {
        return hyperParameters.seed();
    }

    /** The search space the predictor was trained on, when known. */
    public Optional<String> space() {
        return Optional.ofNullable(spaceId);
    }

    /** The base predictor's id when this one was fine-tuned. */
    public Optional<String> fineTunedFrom() {
        return Optional.ofNullable(basePredictorId);
    }
}
