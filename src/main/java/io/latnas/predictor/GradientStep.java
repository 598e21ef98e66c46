package io.latnas.predictor;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.HashMap;
import java.util.Map;

/**
 * One minibatch step of an MLP built by {@link MlpNetworks}, computed with ND4J directly on the
 * network's parameter views. It does what {@code MultiLayerNetwork.fit(features, labels)} does for
 * this network (mean squared error, L2 on weights added after dividing by the batch size, the
 * configured updater, layers below {@code firstTrainable} left alone) without DL4J's per-step
 * workspace, listener, score and regularisation-score bookkeeping, which on a network this small
 * cost more than the arithmetic. Some of ND4J's kernels are slow at this size and are replaced: the
 * ReLU gradient is a step mask times the error rather than {@code thresholdedrelu_bp}, SGD and
 * Nesterov momentum update the parameters with BLAS level-1 calls rather than the updater op, and so
 * does the output layer's error. {@code GradientStepTest} pins the result against {@code fit}.
 *
 * <p>Not thread-safe; one instance trains one network.
 */
final class GradientStep {

    private final int layers;
    private final int firstTrainable;
    private final int[] widths;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final INDArray[] weightGradients;
    private final INDArray[] biasGradients;
    private final INDArray trainableParams;
    private final INDArray trainableGradient;
    private final GradientUpdater<?> updater;
    private final double learningRate;
    private final double momentum;
    private final INDArray velocity;
    private final double l2;
    private final Map<Integer, Buffers> buffersByRows = new HashMap<>();

    GradientStep(MultiLayerNetwork net, IUpdater updaterConfig, double l2, int firstTrainable) {
        this.layers = net.getnLayers();
        if (firstTrainable < 0 || firstTrainable >= layers) {
            throw new IllegalArgumentException("first trainable layer " + firstTrainable + " is outside 0.." + (layers - 1));
        }
        this.firstTrainable = firstTrainable;
        this.l2 = l2;
        INDArray params = flat(net.params());
        INDArray gradient = Nd4j.create(DataType.FLOAT, params.length());
        weights = new INDArray[layers];
        biases = new INDArray[layers];
        weightGradients = new INDArray[layers];
        biasGradients = new INDArray[layers];
        widths = new int[layers + 1];
        long offset = 0;
        long trainableOffset = -1;
        for (int l = 0; l < layers; l++) {
            weights[l] = net.getLayer(l).getParam("W");
            biases[l] = net.getLayer(l).getParam("b");
            long nIn = weights[l].size(0);
            long nOut = weights[l].size(1);
            widths[l] = (int) nIn;
            widths[l + 1] = (int) nOut;
            if (l == firstTrainable) {
                trainableOffset = offset;
            }
            // DL4J lays out each dense layer as W (nIn x nOut, column-major) then b, layer after layer.
            weightGradients[l] = view(gradient, offset, nIn * nOut).reshape('f', nIn, nOut);
            offset += nIn * nOut;
            biasGradients[l] = view(gradient, offset, nOut).reshape(biases[l].shape());
            offset += nOut;
        }
        if (offset != params.length()) {
            throw new IllegalStateException("network has " + params.length() + " parameters, dense layers account for " + offset);
        }
        long trainable = params.length() - trainableOffset;
        trainableParams = view(params, trainableOffset, trainable).reshape(1, trainable);
        trainableGradient = view(gradient, trainableOffset, trainable).reshape(1, trainable);
        if (updaterConfig instanceof Nesterovs n) {
            learningRate = n.getLearningRate();
            momentum = n.getMomentum();
            velocity = Nd4j.create(DataType.FLOAT, 1, trainable);
            updater = null;
        } else if (updaterConfig instanceof Sgd sgd) {
            learningRate = sgd.getLearningRate();
            momentum = 0;
            velocity = null;
            updater = null;
        } else {
            learningRate = Double.NaN;
            momentum = Double.NaN;
            velocity = null;
            long stateSize = updaterConfig.stateSize(trainable);
            INDArray state = stateSize == 0 ? null : Nd4j.create(DataType.FLOAT, 1, stateSize);
            updater = updaterConfig.instantiate(state, true);
        }
    }

    /**
     * Takes one step on a minibatch and returns the sum over its rows of the squared error before the step.
     *
     * @param features  {@code rows x inputs}
     * @param targets   {@code rows x 1}, normalised
     * @param iteration step count since training began (for schedules)
     */
    double step(INDArray features, INDArray targets, int iteration, int epoch) {
        int rows = (int) features.size(0);
        Buffers b = buffersByRows.computeIfAbsent(rows, this::allocate);
        INDArray input = features;
        for (int l = 0; l < layers; l++) {
            INDArray out = b.activations[l];
            Nd4j.gemm(input, weights[l], out, false, false, 1.0, 0.0);
            out.addiRowVector(biases[l]);
            if (l < layers - 1) {
                Transforms.relu(out, false);
            }
            input = out;
        }
        // The output layer has one unit, so its error is a contiguous column: BLAS level 1 is cheapest.
        Level1 blas = Nd4j.getBlasWrapper().level1();
        INDArray delta = b.activations[layers - 1];
        blas.axpy(rows, -1.0, targets, delta);
        double squaredError = blas.dot(rows, 1.0, delta, delta);
        // d(mean squared error)/d(output), already divided by the batch size as DL4J's updater does.
        blas.scal(rows, 2.0 / rows, delta);
        for (int l = layers - 1; l >= firstTrainable; l--) {
            INDArray below = l == 0 ? features : b.activations[l - 1];
            Nd4j.gemm(below, delta, weightGradients[l], true, false, 1.0, 0.0);
            if (l2 > 0) {
                Nd4j.getBlasWrapper().level1().axpy(weights[l].length(), l2, weights[l], weightGradients[l]);
            }
            delta.sum(biasGradients[l], 0);
            if (l > firstTrainable) {
                INDArray deltaBelow = b.deltas[l - 1];
                Nd4j.gemm(delta, weights[l], deltaBelow, false, true, 1.0, 0.0);
                // ReLU's gradient: pass the error where the activation was positive.
                Nd4j.exec(new Step(b.activations[l - 1], b.masks[l - 1], 0.0));
                deltaBelow.muli(b.masks[l - 1]);
                delta = deltaBelow;
            }
        }
        update(iteration, epoch);
        return squaredError;
    }

    private void update(int iteration, int epoch) {
        long n = trainableParams.length();
        Level1 blas = Nd4j.getBlasWrapper().level1();
        if (velocity != null) {
            // ND4J's Nesterov: v' = mu v - lr g; p -= mu v - (1 + mu) v', which is p += mu v' - lr g.
            blas.scal(n, momentum, velocity);
            blas.axpy(n, -learningRate, trainableGradient, velocity);
            blas.axpy(n, momentum, velocity, trainableParams);
            blas.axpy(n, -learningRate, trainableGradient, trainableParams);
        } else if (updater == null) {
            blas.axpy(n, -learningRate, trainableGradient, trainableParams);
        } else {
            updater.applyUpdater(trainableGradient, iteration, epoch);
            trainableParams.subi(trainableGradient);
        }
    }

    private Buffers allocate(int rows) {
        Buffers b = new Buffers();
        b.activations = new INDArray[layers];
        b.deltas = new INDArray[layers];
        b.masks = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            b.activations[l] = Nd4j.create(DataType.FLOAT, rows, widths[l + 1]);
            b.deltas[l] = Nd4j.create(DataType.FLOAT, rows, widths[l + 1]);
            b.masks[l] = Nd4j.create(DataType.FLOAT, rows, widths[l + 1]);
        }
        return b;
    }

    private static INDArray flat(INDArray a) {
        return a.reshape(a.length());
    }

    private static INDArray view(INDArray flatOrRow, long from, long length) {
        return flat(flatOrRow).get(NDArrayIndex.interval(from, from + length));
    }

    /** Activations, back-propagated errors and ReLU masks for one minibatch size. */
    private static final class Buffers {
        INDArray[] activations;
        INDArray[] deltas;
        INDArray[] masks;
    }
}
