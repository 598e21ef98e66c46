package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import io.latnas.encoding.ArchitectureEncoder;
import io.latnas.encoding.CostFeatures;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Trains {@link MlpLatencyPredictor}s: the paper's MLP (§4.2.2) from scratch, and fine-tuning of a
 * trained one on another hardware with its first layers frozen (§4.2.3).
 *
 * <p>Each epoch shuffles the training rows with the seeded generator, lays the whole epoch out as
 * one feature matrix whose row ranges are the minibatches, and takes one {@link GradientStep} per
 * minibatch; after the epoch it measures the validation loss in one forward pass and keeps the
 * weights of the best epoch. Training uses as many native threads as ND4J was given
 * ({@code OMP_NUM_THREADS}, or {@link NativeThreads#use}).
 */
public final class MlpLatencyTrainer {

    /** The paper freezes the first two layers when fine-tuning (§4.2.3). */
    public static final int PAPER_FROZEN_LAYERS = 2;

    private static final Logger log = LoggerFactory.getLogger(MlpLatencyTrainer.class);

    private final String encoderId;
    private final ArchitectureEncoder encoder;
    private final MlpHyperParameters hyperParameters;

    /**
     * A trainer for an encoder by id; a hardware-aware encoder ({@code paper131}) fits its feature
     * scaling on the training rows' hardware.
     */
    public MlpLatencyTrainer(String encoderId, MlpHyperParameters hyperParameters) {
        Encoders.requireKnown(encoderId);
        this.encoderId = encoderId;
        this.encoder = null;
        this.hyperParameters = hyperParameters;
    }

    /** A trainer that uses this encoder as it is (its hardware scaling, if any, already fitted). */
    public MlpLatencyTrainer(ArchitectureEncoder encoder, MlpHyperParameters hyperParameters) {
        this.encoderId = encoder.id();
        this.encoder = encoder;
        this.hyperParameters = hyperParameters;
    }

    public MlpHyperParameters hyperParameters() {
        return hyperParameters;
    }

    /** Trains on a seeded random 70/15/15 split of {@code samples} (the seed is the hyper-parameters'). */
    public MlpLatencyPredictor train(LatencySamples samples) {
        return train(SampleSplit.random(samples, hyperParameters.seed()));
    }

    /** Trains on the training rows, keeps the epoch with the lowest validation loss, and grades it on the test rows. */
    public MlpLatencyPredictor train(SampleSplit split) {
        ArchitectureEncoder enc = encoder != null ? encoder : Encoders.forTraining(encoderId, split.train());
        MlpHyperParameters hp = hyperParameters;
        TargetNormaliser normaliser = TargetNormaliser.fit(hp.targetScale(), split.train().latenciesMs());
        MultiLayerNetwork network = MlpNetworks.build(enc.dimension(), hp);
        LossCurve curve = fit(network, 0, enc, normaliser, split, hp);
        return finish(network, enc, normaliser, split, hp, curve, null, 0);
    }

    /**
     * Fine-tunes {@code base} on a seeded 70/15/15 split of rows from another target, the first two
     * layers frozen as in the paper.
     */
    public static MlpLatencyPredictor fineTune(MlpLatencyPredictor base, LatencySamples target,
                                               MlpHyperParameters hyperParameters) {
        return fineTune(base, SampleSplit.random(target, hyperParameters.seed()), hyperParameters, PAPER_FROZEN_LAYERS);
    }

    /**
     * Fine-tunes {@code base}: the first {@code frozenLayers} layers keep its weights (DL4J's
     * transfer learning turns them into frozen layers) and the rest train on {@code target}. The
     * target normaliser is refitted on the target's training rows, in the base's scale: the frozen
     * layers carry what was learnt about architectures, the latency range belongs to the new hardware.
     * The hidden sizes come from the base; those in {@code hyperParameters} are ignored.
     *
     * @throws InvalidInputException when {@code frozenLayers} leaves no layer to train
     */
    public static MlpLatencyPredictor fineTune(MlpLatencyPredictor base, SampleSplit target,
                                               MlpHyperParameters hyperParameters, int frozenLayers) {
        int hidden = base.hiddenSizes().size();
        if (frozenLayers < 1 || frozenLayers > hidden) {
            throw new InvalidInputException("frozen-layers", "cannot freeze " + frozenLayers + " layers of a network with "
                    + hidden + " hidden layers; choose 1.." + hidden);
        }
        MlpHyperParameters hp = hyperParameters.withHiddenSizes(base.hiddenSizes())
                .withTargetScale(base.normaliser().scale());
        FineTuneConfiguration fine = new FineTuneConfiguration.Builder()
                .seed(hp.seed())
                .updater(MlpNetworks.updater(hp))
                .l2(hp.weightDecay())
                .build();
        MultiLayerNetwork network = new TransferLearning.Builder(base.networkCopy())
                .fineTuneConfiguration(fine)
                .setFeatureExtractor(frozenLayers - 1)
                .build();
        TargetNormaliser normaliser = TargetNormaliser.fit(hp.targetScale(), target.train().latenciesMs());
        LossCurve curve = fit(network, frozenLayers, base.encoder(), normaliser, target, hp);
        return finish(network, base.encoder(), normaliser, target, hp, curve, base.id(), frozenLayers);
    }

    private static LossCurve fit(MultiLayerNetwork network, int firstTrainable, ArchitectureEncoder enc,
                                 TargetNormaliser normaliser, SampleSplit split, MlpHyperParameters hp) {
        int dim = enc.dimension();
        LatencySamples train = split.train();
        int n = train.size();
        float[] x = MlpLatencyPredictor.encode(enc, train);
        float[] y = normalised(normaliser, train);
        float[] validationX = MlpLatencyPredictor.encode(enc, split.validation());
        int validationRows = split.validation().size();
        // Reads the network's parameter views, so it always sees the current weights.
        ForwardPass forward = new ForwardPass(network);
        float[] validationY = normalised(normaliser, split.validation());

        int batch = Math.min(hp.batchSize(), n);
        int steps = (n + batch - 1) / batch;
        // One matrix per epoch, filled in shuffled order; minibatches are views of its row ranges.
        INDArray epochX = Nd4j.create(DataType.FLOAT, n, dim);
        INDArray epochY = Nd4j.create(DataType.FLOAT, n, 1);
        INDArray[] batchX = new INDArray[steps];
        INDArray[] batchY = new INDArray[steps];
        for (int s = 0; s < steps; s++) {
            int from = s * batch;
            int to = Math.min(n, from + batch);
            batchX[s] = epochX.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            batchY[s] = epochY.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
        }
        float[] shuffledX = new float[n * dim];
        float[] shuffledY = new float[n];
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);

        GradientStep step = new GradientStep(network, MlpNetworks.updater(hp), hp.weightDecay(), firstTrainable);
        INDArray params = network.params();
        INDArray best = params.dup();
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = -1;
        double[] trainLoss = new double[hp.epochs()];
        double[] validationLoss = new double[hp.epochs()];
        SplittableRandom rng = new SplittableRandom(hp.seed());
        int iteration = 0;
        int epoch = 0;
        while (epoch < hp.epochs()) {
            shuffle(order, rng);
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, order[i] * dim, shuffledX, i * dim, dim);
                shuffledY[i] = y[order[i]];
            }
            epochX.data().setData(shuffledX);
            epochY.data().setData(shuffledY);
            double squaredError = 0;
            for (int s = 0; s < steps; s++) {
                squaredError += step.step(batchX[s], batchY[s], iteration++, epoch);
            }
            trainLoss[epoch] = squaredError / n;
            validationLoss[epoch] = meanSquaredError(forward.output(validationX, validationRows), validationY);
            if (validationLoss[epoch] < bestLoss) {
                bestLoss = validationLoss[epoch];
                bestEpoch = epoch;
                best.assign(params);
            }
            log.debug("epoch {}: train loss {}, validation loss {}", epoch, trainLoss[epoch], validationLoss[epoch]);
            epoch++;
            if (hp.earlyStoppingPatience() > 0 && bestEpoch >= 0 && epoch - 1 - bestEpoch >= hp.earlyStoppingPatience()) {
                break;
            }
        }
        if (bestEpoch < 0) {
            throw new InvalidInputException("learning-rate", "training diverged: the validation loss was never finite; "
                    + "try a learning rate below " + hp.learningRate());
        }
        params.assign(best);
        return new LossCurve(Arrays.copyOf(trainLoss, epoch), Arrays.copyOf(validationLoss, epoch), bestEpoch);
    }

    private static MlpLatencyPredictor finish(MultiLayerNetwork network, ArchitectureEncoder enc,
                                              TargetNormaliser normaliser, SampleSplit split, MlpHyperParameters hp,
                                              LossCurve curve, String basePredictorId, int frozenLayers) {
        LatencySamples test = split.test();
        float[] z = new ForwardPass(network).output(MlpLatencyPredictor.encode(enc, test), test.size());
        double[] predicted = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            predicted[i] = normaliser.denormalise(z[i]);
        }
        Evaluation evaluation = Evaluation.of(test.latenciesMs(), predicted);
        String datasetHash = split.datasetHash();
        String id = predictorId(network, enc, normaliser, hp, datasetHash, basePredictorId);
        PredictorProvenance provenance = new PredictorProvenance(id, enc.id(), Encoders.scalingOf(enc),
                split.train().hardwareIdSet(), split.train().batchSizeSet(), datasetHash, split.method(),
                split.train().size(), split.validation().size(), test.size(), hp, Instant.now(), basePredictorId,
                frozenLayers, Encoders.costScalingOf(enc), split.train().spaceId());
        log.info("trained {} in {} epochs (best {}): {}", id, curve.epochs(), curve.bestEpoch(), evaluation.summary());
        return new MlpLatencyPredictor(network, enc, normaliser, provenance, evaluation, curve);
    }

    /** {@code mlp-} and 16 hex digits of a SHA-256 over the weights and everything that produced them. */
    private static String predictorId(MultiLayerNetwork network, ArchitectureEncoder enc, TargetNormaliser normaliser,
                                      MlpHyperParameters hp, String datasetHash, String basePredictorId) {
        MessageDigest sha = LatencySamples.sha256();
        sha.update((enc.id() + "|" + Encoders.scalingOf(enc) + "|" + costSuffix(enc) + normaliser + "|" + hp + "|" + datasetHash + "|"
                + basePredictorId).getBytes(StandardCharsets.UTF_8));
        float[] weights = network.params().toFloatVector();
        ByteBuffer bytes = ByteBuffer.allocate(weights.length * Float.BYTES);
        bytes.asFloatBuffer().put(weights);
        sha.update(bytes.array());
        return "mlp-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    /** Empty for encoders without cost features, so ids of older kinds of model are computed as before. */
    private static String costSuffix(ArchitectureEncoder enc) {
        CostFeatures c = Encoders.costScalingOf(enc);
        return c == null ? "" : c + "|";
    }

    private static float[] normalised(TargetNormaliser normaliser, LatencySamples samples) {
        float[] y = new float[samples.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = (float) normaliser.normalise(samples.latencyMs(i));
        }
        return y;
    }

    private static double meanSquaredError(float[] p, float[] targets) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - targets[i];
            sum += d * d;
        }
        return sum / p.length;
    }

    private static void shuffle(int[] order, SplittableRandom rng) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
