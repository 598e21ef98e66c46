package io.latnas.predictor;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Inference for an MLP built by {@link MlpNetworks}: per layer one matrix product, a bias row and a
 * ReLU, written into buffers this object keeps, so a call allocates nothing off-heap once its batch
 * size has been seen. It computes what {@code MultiLayerNetwork.output(features, false)} computes in
 * about half the time, because DL4J's layer, workspace and copy-out bookkeeping costs as much as the
 * arithmetic on a network this small.
 *
 * <p>Not thread-safe: it holds its own copy of the network and its buffers; one thread uses it at a time.
 */
final class ForwardPass {

    /** Buffers grow in steps of this many rows, so nearby batch sizes share them. */
    private static final int ROW_STEP = 256;

    private final int layers;
    private final int inputs;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final int[] widths;
    private int capacity;
    private INDArray input;
    private INDArray[] activations;

    ForwardPass(MultiLayerNetwork network) {
        layers = network.getnLayers();
        weights = new INDArray[layers];
        biases = new INDArray[layers];
        widths = new int[layers];
        for (int l = 0; l < layers; l++) {
            weights[l] = network.getLayer(l).getParam("W");
            biases[l] = network.getLayer(l).getParam("b");
            widths[l] = (int) weights[l].size(1);
        }
        inputs = (int) weights[0].size(0);
    }

    /** Network outputs for {@code rows} encoded rows laid out row-major in {@code features}. */
    float[] output(float[] features, int rows) {
        if (features.length < rows * inputs) {
            throw new IllegalArgumentException(rows + " rows need " + rows * inputs + " features; got " + features.length);
        }
        ensureCapacity(rows);
        input.data().asNioFloat().put(features, 0, rows * inputs);
        INDArray in = rows(input, rows);
        for (int l = 0; l < layers; l++) {
            INDArray out = rows(activations[l], rows);
            Nd4j.gemm(in, weights[l], out, false, false, 1.0, 0.0);
            out.addiRowVector(biases[l]);
            if (l < layers - 1) {
                Transforms.relu(out, false);
            }
            in = out;
        }
        float[] result = new float[rows * widths[layers - 1]];
        activations[layers - 1].data().asNioFloat().get(result, 0, result.length);
        return result;
    }

    private void ensureCapacity(int rows) {
        if (rows <= capacity) {
            return;
        }
        capacity = (rows + ROW_STEP - 1) / ROW_STEP * ROW_STEP;
        input = Nd4j.createUninitialized(DataType.FLOAT, capacity, inputs);
        activations = new INDArray[layers];
        for (int l = 0; l < layers; l++) {
            activations[l] = Nd4j.createUninitialized(DataType.FLOAT, capacity, widths[l]);
        }
    }

    private INDArray rows(INDArray buffer, int rows) {
        return rows == capacity ? buffer : buffer.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all());
    }
}
