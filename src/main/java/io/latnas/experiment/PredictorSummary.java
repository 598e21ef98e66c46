package io.latnas.experiment;

import io.latnas.predictor.Evaluation;

/**
 * The predictor a space's predictor strategies used.
 *
 * @param origin     where it came from: {@code trained on N rows from <source>} or the file it was loaded from
 * @param evaluation its held-out evaluation (for a loaded predictor, the one saved with it)
 * @param trainTimeSeconds time to build the dataset and train, 0 for a loaded predictor
 */
public record PredictorSummary(String spaceId, String origin, Evaluation evaluation, double trainTimeSeconds) {
}
