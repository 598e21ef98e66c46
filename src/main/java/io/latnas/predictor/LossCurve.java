package io.latnas.predictor;

import java.util.Arrays;

/**
 * Loss per epoch while training: the mean squared error on normalised targets, over the training
 * minibatches as they were seen in that epoch and over the whole validation set at its end. The
 * predictor keeps the weights of {@code bestEpoch} (0-based), the epoch of the lowest validation loss.
 */
public record LossCurve(double[] trainLoss, double[] validationLoss, int bestEpoch) {

    public LossCurve {
        if (trainLoss.length != validationLoss.length) {
            throw new IllegalArgumentException("train and validation loss differ in length: "
                    + trainLoss.length + " vs " + validationLoss.length);
        }
        if (trainLoss.length > 0 && (bestEpoch < 0 || bestEpoch >= trainLoss.length)) {
            throw new IllegalArgumentException("best epoch " + bestEpoch + " is outside 0.." + (trainLoss.length - 1));
        }
        trainLoss = trainLoss.clone();
        validationLoss = validationLoss.clone();
    }

    /** Number of epochs run (fewer than asked when training stopped early). */
    public int epochs() {
        return trainLoss.length;
    }

    @Override
    public double[] trainLoss() {
        return trainLoss.clone();
    }

    @Override
    public double[] validationLoss() {
        return validationLoss.clone();
    }

    /** The validation loss of the kept epoch. */
    public double bestValidationLoss() {
        return validationLoss[bestEpoch];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossCurve c && bestEpoch == c.bestEpoch && Arrays.equals(trainLoss, c.trainLoss)
                && Arrays.equals(validationLoss, c.validationLoss);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(trainLoss) + Arrays.hashCode(validationLoss)) + bestEpoch;
    }

    @Override
    public String toString() {
        return "LossCurve[epochs=" + epochs() + ", bestEpoch=" + bestEpoch + ", bestValidationLoss="
                + (epochs() > 0 ? bestValidationLoss() : Double.NaN) + "]";
    }
}
