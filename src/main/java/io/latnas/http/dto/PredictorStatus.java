package io.latnas.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * {@code GET /v1/predictors/{id}}, and each entry of {@code GET /v1/predictors}: a model the predictor pool
 * serves, or a predictor being trained for it. Training fields are absent for models served from
 * configuration (a latency source seen as a model).
 *
 * @param state      {@code training}, {@code ready} (served) or {@code failed}
 * @param kind       {@code trained} (through this API) or {@code configured}
 * @param training   how it was trained, for trained predictors
 * @param evaluation its metrics on the held-out test rows, once trained
 * @param failure    why training failed, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictorStatus(String id, String state, String kind, String hardware, String space,
                              Training training, Evaluation evaluation, String failure) {

    /**
     * @param predictorId   the stable id derived from the trained weights and what produced them
     * @param datasetHash   hash of the rows it was trained, validated and tested on
     * @param base          the predictor it was fine-tuned from, or null
     * @param file          where it was saved, relative to the data directory
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Training(String dataset, int batch, int epochs, long seed, String base, int frozenLayers,
                           String predictorId, String datasetHash, Integer trainRows, Integer validationRows,
                           Integer testRows, List<Integer> hiddenSizes, String submittedAt, String finishedAt,
                           String file) {
    }

    /**
     * The paper's metrics (§5): errors in ms and percent, share within 5 and 10 percent, rank correlations;
     * null where a metric is undefined (a rank correlation of constant predictions).
     */
    public record Evaluation(int count, Double rmseMs, Double rmsePercent, Double maeMs, Double within5Percent,
                             Double within10Percent, Double kendallTau, Double spearmanRho) {
    }
}
