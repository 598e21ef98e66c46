package io.latnas.predictor;

import io.latnas.common.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Training, validation and test rows for one predictor (paper §4.1: 70/15/15). The validation set
 * picks the best epoch; the test set only grades the result.
 *
 * @param method how the split was made, recorded with the predictor ({@code random 70/15/15 seed=42}, {@code supplied})
 */
public record SampleSplit(LatencySamples train, LatencySamples validation, LatencySamples test, String method) {

    public static final double TRAIN_FRACTION = 0.70;
    public static final double VALIDATION_FRACTION = 0.15;

    public SampleSplit {
        if (train.isEmpty()) {
            throw new InvalidInputException("train", "the training set is empty");
        }
        if (validation.isEmpty()) {
            throw new InvalidInputException("validation", "the validation set is empty");
        }
        if (test.isEmpty()) {
            throw new InvalidInputException("test", "the test set is empty");
        }
    }

    /** A split the caller made. */
    public static SampleSplit of(LatencySamples train, LatencySamples validation, LatencySamples test) {
        return new SampleSplit(train, validation, test, "supplied");
    }

    /** The paper's random 70/15/15 split. */
    public static SampleSplit random(LatencySamples samples, long seed) {
        return random(samples, seed, TRAIN_FRACTION, VALIDATION_FRACTION);
    }

    /**
     * A seeded random split; the test set takes what training and validation leave.
     *
     * @throws InvalidInputException when a part would be empty
     */
    public static SampleSplit random(LatencySamples samples, long seed, double trainFraction,
                                     double validationFraction) {
        if (!(trainFraction > 0) || !(validationFraction > 0) || trainFraction + validationFraction >= 1) {
            throw new InvalidInputException("split", "train " + trainFraction + " and validation "
                    + validationFraction + " fractions must be positive and leave room for a test set");
        }
        int n = samples.size();
        int[] order = shuffled(n, seed);
        int nTrain = (int) Math.round(n * trainFraction);
        int nValidation = (int) Math.round(n * validationFraction);
        if (nTrain == 0 || nValidation == 0 || n - nTrain - nValidation <= 0) {
            throw new InvalidInputException("split", n + " rows are too few for a "
                    + Math.round(100 * trainFraction) + "/" + Math.round(100 * validationFraction) + " split");
        }
        String method = String.format(java.util.Locale.ROOT, "random %d/%d/%d seed=%d of %s",
                Math.round(100 * trainFraction), Math.round(100 * validationFraction),
                Math.round(100 * (1 - trainFraction - validationFraction)), seed, samples.datasetHash());
        return new SampleSplit(samples.select(Arrays.copyOfRange(order, 0, nTrain)),
                samples.select(Arrays.copyOfRange(order, nTrain, nTrain + nValidation)),
                samples.select(Arrays.copyOfRange(order, nTrain + nValidation, n)), method);
    }

    /**
     * A seeded random train/validation split of {@code samples} with a test set held out beforehand,
     * as help-ofa's id ranges define one (train and validation from ids 0..3999, test 4000..4999).
     *
     * @throws InvalidInputException when training or validation would be empty
     */
    public static SampleSplit withHeldOutTest(LatencySamples samples, LatencySamples test, double trainFraction,
                                              long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new InvalidInputException("split", "train fraction " + trainFraction + " must be between 0 and 1");
        }
        int n = samples.size();
        int[] order = shuffled(n, seed);
        int nTrain = (int) Math.round(n * trainFraction);
        if (nTrain == 0 || nTrain == n) {
            throw new InvalidInputException("split", n + " rows are too few for a " + Math.round(100 * trainFraction)
                    + "/" + Math.round(100 * (1 - trainFraction)) + " train/validation split");
        }
        String method = String.format(java.util.Locale.ROOT, "random %d/%d train/validation seed=%d of %s, test %s",
                Math.round(100 * trainFraction), Math.round(100 * (1 - trainFraction)), seed, samples.datasetHash(),
                test.datasetHash());
        return new SampleSplit(samples.select(Arrays.copyOfRange(order, 0, nTrain)),
                samples.select(Arrays.copyOfRange(order, nTrain, n)), test, method);
    }

    private static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** A SHA-256 over the three parts' hashes: what a predictor trained on this split records. */
    public String datasetHash() {
        MessageDigest sha = LatencySamples.sha256();
        sha.update(("train:" + train.datasetHash() + "\nvalidation:" + validation.datasetHash() + "\ntest:"
                + test.datasetHash()).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The same split with the training set cut to its first {@code n} rows (for size curves). */
    public SampleSplit withTrainingRows(int n) {
        return new SampleSplit(train.head(n), validation, test, method + ", first " + n + " training rows");
    }
}
