package io.latnas.predictor;

import io.latnas.encoding.ArchitectureEncoder;
import io.latnas.space.Architecture;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A trained MLP latency predictor (paper §4.2.2) with everything needed to use it again: the encoder
 * that lays out its inputs, the target normaliser, its provenance, its evaluation on the held-out
 * test set and its loss curve. Immutable.
 *
 * <p>Each call encodes all its queries into one input matrix and runs one forward pass over it
 * ({@link ForwardPass}, on the network's own weights).
 *
 * <p>Thread-safe. Neither a DL4J network nor the forward pass's buffers may be used by two threads at
 * once, so calls borrow a private forward pass (with its own copy of the network) from a pool and
 * return it afterwards. The pool grows to the number of threads that ever call at the same time; each
 * member holds a copy of the weights (under a megabyte for the paper's network) and buffers for the
 * largest batch it has served (about 3.3 MB per 1,000 rows). Copies have identical weights, so every
 * thread gets identical outputs. Throughput grows with concurrent callers that each use one native
 * thread ({@code OMP_NUM_THREADS=1}) better than with more native threads per call.
 */
public final class MlpLatencyPredictor {

    private final MultiLayerNetwork network;
    private final ArchitectureEncoder encoder;
    private final TargetNormaliser normaliser;
    private final PredictorProvenance provenance;
    private final Evaluation evaluation;
    private final LossCurve lossCurve;
    private final ConcurrentLinkedDeque<ForwardPass> idle = new ConcurrentLinkedDeque<>();

    MlpLatencyPredictor(MultiLayerNetwork network, ArchitectureEncoder encoder, TargetNormaliser normaliser,
                        PredictorProvenance provenance, Evaluation evaluation, LossCurve lossCurve) {
        if (!encoder.id().equals(provenance.encoderId())) {
            throw new IllegalArgumentException("encoder " + encoder.id() + " does not match provenance "
                    + provenance.encoderId());
        }
        if (MlpNetworks.inputs(network) != encoder.dimension()) {
            throw new IllegalArgumentException("network takes " + MlpNetworks.inputs(network) + " inputs but encoder "
                    + encoder.id() + " writes " + encoder.dimension());
        }
        this.network = network;
        this.encoder = encoder;
        this.normaliser = normaliser;
        this.provenance = provenance;
        this.evaluation = evaluation;
        this.lossCurve = lossCurve;
    }

    /** Reads a predictor written by {@link #save}. */
    public static MlpLatencyPredictor load(Path file) throws IOException {
        return PredictorFile.read(file);
    }

    /** Writes the predictor to one file: a zip of the DL4J model and a JSON metadata entry. */
    public void save(Path file) throws IOException {
        PredictorFile.write(this, file);
    }

    public String id() {
        return provenance.predictorId();
    }

    public String encoderId() {
        return encoder.id();
    }

    public ArchitectureEncoder encoder() {
        return encoder;
    }

    public TargetNormaliser normaliser() {
        return normaliser;
    }

    public PredictorProvenance provenance() {
        return provenance;
    }

    /** The evaluation on the test set held out while training. */
    public Evaluation evaluation() {
        return evaluation;
    }

    public LossCurve lossCurve() {
        return lossCurve;
    }

    /** Widths of the hidden layers, input side first. */
    public List<Integer> hiddenSizes() {
        return MlpNetworks.hiddenSizes(network);
    }

    /**
     * Predicted latency of one architecture.
     *
     * @param hardwareFeatures raw hardware features for hardware-aware encoders, else {@code null}
     */
    public double predictMs(Architecture arch, double[] hardwareFeatures, int batchSize) {
        return predictMs(List.of(arch), hardwareFeatures, batchSize)[0];
    }

    /** Predicted latencies of many architectures on one hardware at one batch size, in order. */
    public double[] predictMs(List<Architecture> archs, double[] hardwareFeatures, int batchSize) {
        int n = archs.size();
        if (n == 0) {
            return new double[0];
        }
        int dim = encoder.dimension();
        float[] features = new float[n * dim];
        for (int i = 0; i < n; i++) {
            encoder.encode(archs.get(i), hardwareFeatures, batchSize, features, i * dim);
        }
        return forward(features, n);
    }

    /** Predicted latencies of every row, each with its own hardware and batch size. */
    public double[] predictMs(LatencySamples samples) {
        int n = samples.size();
        if (n == 0) {
            return new double[0];
        }
        return forward(encode(encoder, samples), n);
    }

    /** Scores the predictor on measured rows. */
    public Evaluation evaluate(LatencySamples samples) {
        return Evaluation.of(samples.latenciesMs(), predictMs(samples));
    }

    /** Network outputs in normalised target units for rows already encoded. */
    float[] outputs(float[] features, int rows) {
        ForwardPass pass = idle.pollFirst();
        if (pass == null) {
            pass = new ForwardPass(networkCopy());
        }
        try {
            return pass.output(features, rows);
        } finally {
            idle.offerFirst(pass);
        }
    }

    /** DL4J's own forward pass, for checking {@link ForwardPass} against it. */
    float[] dl4jOutputs(float[] features, int rows) {
        MultiLayerNetwork net = networkCopy();
        return net.output(Nd4j.create(features, new long[] {rows, encoder.dimension()}, DataType.FLOAT), false)
                .reshape(rows).toFloatVector();
    }

    private double[] forward(float[] features, int rows) {
        float[] z = outputs(features, rows);
        double[] ms = new double[rows];
        for (int i = 0; i < rows; i++) {
            ms[i] = normaliser.denormalise(z[i]);
        }
        return ms;
    }

    /** A private copy of the network, to fine-tune or save. */
    MultiLayerNetwork networkCopy() {
        synchronized (network) {
            return network.clone();
        }
    }

    /** Weights then biases of one layer (0 = nearest the input), flattened; for checks on fine-tuning. */
    float[] layerParameters(int layer) {
        synchronized (network) {
            INDArray w = network.getLayer(layer).getParam("W");
            INDArray b = network.getLayer(layer).getParam("b");
            float[] weights = w.dup('c').reshape(w.length()).toFloatVector();
            float[] biases = b.reshape(b.length()).toFloatVector();
            float[] all = java.util.Arrays.copyOf(weights, weights.length + biases.length);
            System.arraycopy(biases, 0, all, weights.length, biases.length);
            return all;
        }
    }

    /** Row-major encoding of every row of {@code samples}. */
    static float[] encode(ArchitectureEncoder encoder, LatencySamples samples) {
        int dim = encoder.dimension();
        float[] features = new float[samples.size() * dim];
        for (int i = 0; i < samples.size(); i++) {
            encoder.encode(samples.architecture(i), samples.hardwareFeatures(i), samples.batchSize(i), features, i * dim);
        }
        return features;
    }

    @Override
    public String toString() {
        return "MlpLatencyPredictor[" + id() + ", " + encoder.id() + " " + hiddenSizes() + ", hardware "
                + provenance.hardwareIds() + ", batch " + provenance.batchSizes() + ", " + evaluation.summary() + "]";
    }
}
