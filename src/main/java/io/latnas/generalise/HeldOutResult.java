package io.latnas.generalise;

import io.latnas.predictor.Evaluation;

/**
 * How a predictor that never trained on {@code gpuId} did on it at one batch size.
 *
 * @param gpuId      the held-out GPU
 * @param batchSize  the batch size evaluated
 * @param shots      measured samples of the GPU used to calibrate; 0 = zero-shot
 * @param scale      the calibration factor applied (1 for zero-shot)
 * @param evaluation metrics on the GPU's evaluation rows
 */
public record HeldOutResult(String gpuId, int batchSize, int shots, double scale, Evaluation evaluation) {
}
