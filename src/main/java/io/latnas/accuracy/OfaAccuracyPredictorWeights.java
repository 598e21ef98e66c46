package io.latnas.accuracy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * OFA's MLP accuracy predictor, run in plain Java from weights exported to JSON (docs/ACCURACY.md
 * shows the export). It computes exactly what OFA's {@code AccuracyPredictor.forward} does
 * (ofa/nas/accuracy_predictor/acc_predictor.py): the architecture's one-hot features go through
 * {@code Linear + ReLU} layers and a last {@code Linear} without ReLU, and {@code base_acc} is
 * added. Two feature layouts are understood:
 * <ul>
 *   <li>{@code ofa-nas}: {@code MobileNetArchEncoder.arch2feature} (ofa/nas/accuracy_predictor/arch_encoder.py):
 *       the resolution one-hot over {@code image_size_list} first, then the kernel-size one-hot of
 *       each of the 20 layer slots, then the expand-ratio one-hot of each slot; inactive slots
 *       all zero. The resolution must be one of the listed sizes.</li>
 *   <li>{@code ofa-tutorial}: the 128-long vector of OFA's tutorial predictor
 *       (ofa/tutorial/accuracy_predictor.py, {@code spec2feats}): kernel one-hots, expand one-hots,
 *       then the resolution one-hot, the resolution falling in the bucket of the largest listed
 *       size not above it ({@code (r - 112) // 16} with sizes 112, 128, ..., 224).</li>
 * </ul>
 * OFA trains on accuracy as a fraction ({@code top1 / 100}, acc_dataset.py), so by default the
 * output is multiplied by 100; a file may say {@code "output_unit": "percent"} instead.
 *
 * <p>The file, keys as OFA names them:
 * <pre>
 * {"format": "ofa-accuracy-predictor", "feature_order": "ofa-nas",
 *  "image_size_list": [128, 160, 192, 224], "ks_list": [3, 5, 7], "expand_list": [3, 4, 6],
 *  "base_acc": 0.78, "output_unit": "fraction",
 *  "layers": [{"weight": [[...400 rows of n_dim...]], "bias": [...400...]}, ...,
 *             {"weight": [[...1 row of 400...]]}]}
 * </pre>
 * Each weight is PyTorch's {@code (out_features, in_features)} matrix; {@code bias} may be left out.
 * Immutable and thread-safe.
 */
public final class OfaAccuracyPredictorWeights implements AccuracyEstimator {

    /** The value of the file's {@code format} key. */
    public static final String FORMAT = "ofa-accuracy-predictor";

    /** How architectures become input vectors. */
    public enum FeatureOrder {
        /** {@code MobileNetArchEncoder}: resolution, kernels, expand ratios; exact resolution match. */
        OFA_NAS("ofa-nas"),
        /** The tutorial's {@code spec2feats}: kernels, expand ratios, resolution bucket. */
        OFA_TUTORIAL("ofa-tutorial");

        private final String key;

        FeatureOrder(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        static FeatureOrder of(String key) {
            for (FeatureOrder order : values()) {
                if (order.key.equals(key)) {
                    return order;
                }
            }
            throw new InvalidInputException("feature_order", "feature_order '" + key + "' is not one of "
                    + Arrays.stream(values()).map(FeatureOrder::key).collect(Collectors.joining(", ")));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_KEYS = Set.of("format", "name", "feature_order", "image_size_list",
            "ks_list", "expand_list", "base_acc", "output_unit", "layers");
    private static final int[] DEFAULT_KERNEL_SIZES = {3, 5, 7};
    private static final int[] DEFAULT_EXPAND_RATIOS = {3, 4, 6};

    private final String name;
    private final FeatureOrder featureOrder;
    private final int[] imageSizes;
    private final int[] kernelSizes;
    private final int[] expandRatios;
    private final double baseAcc;
    private final double outputScale;
    /** Per layer: weights as PyTorch stores them, [out][in]. */
    private final double[][][] weights;
    /** Per layer: biases, zeros where the file had none. */
    private final double[][] biases;
    /** The first layer's weights by input feature, [in][out], for one-hot inputs. */
    private final double[][] firstLayerByFeature;
    private final int dimension;
    private final int kernelOffset;
    private final int expandOffset;
    private final int resolutionOffset;

    private OfaAccuracyPredictorWeights(String name, FeatureOrder featureOrder, int[] imageSizes, int[] kernelSizes,
                                        int[] expandRatios, double baseAcc, double outputScale, double[][][] weights,
                                        double[][] biases) {
        this.name = name;
        this.featureOrder = featureOrder;
        this.imageSizes = imageSizes;
        this.kernelSizes = kernelSizes;
        this.expandRatios = expandRatios;
        this.baseAcc = baseAcc;
        this.outputScale = outputScale;
        this.weights = weights;
        this.biases = biases;
        int perSlotKernel = kernelSizes.length;
        int perSlotExpand = expandRatios.length;
        this.dimension = imageSizes.length + Architecture.MAX_LAYERS * (perSlotKernel + perSlotExpand);
        if (featureOrder == FeatureOrder.OFA_NAS) {
            resolutionOffset = 0;
            kernelOffset = imageSizes.length;
        } else {
            kernelOffset = 0;
            resolutionOffset = Architecture.MAX_LAYERS * (perSlotKernel + perSlotExpand);
        }
        expandOffset = kernelOffset + Architecture.MAX_LAYERS * perSlotKernel;
        double[][] first = weights[0];
        firstLayerByFeature = new double[first[0].length][first.length];
        for (int out = 0; out < first.length; out++) {
            for (int in = 0; in < first[out].length; in++) {
                firstLayerByFeature[in][out] = first[out][in];
            }
        }
    }

    /**
     * Loads an exported predictor.
     *
     * @throws InvalidInputException naming the file and what in it is missing or inconsistent
     */
    public static OfaAccuracyPredictorWeights load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("file", "accuracy predictor file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("file", "cannot read accuracy predictor file " + file + ": "
                    + e.getMessage(), e);
        }
        String fileName = file.getFileName().toString();
        try {
            return fromJson(text, fileName.replaceFirst("\\.json$", ""));
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.field(), fileName + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses an exported predictor; {@code defaultName} names it unless the file has a {@code name}.
     *
     * @throws InvalidInputException naming what is missing or inconsistent
     */
    public static OfaAccuracyPredictorWeights fromJson(String json, String defaultName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(null, "malformed JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException(null, "an accuracy predictor must be a JSON object with layers and base_acc");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KNOWN_KEYS.contains(key)) {
                throw new InvalidInputException(key, "unknown key '" + key + "'; known: "
                        + KNOWN_KEYS.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        String format = root.path("format").asText(null);
        if (format != null && !format.equals(FORMAT)) {
            throw new InvalidInputException("format", "format '" + format + "' is not " + FORMAT);
        }
        String name = root.hasNonNull("name") ? root.get("name").asText() : defaultName;
        FeatureOrder order = FeatureOrder.of(root.path("feature_order").asText(FeatureOrder.OFA_NAS.key()));
        int[] imageSizes = intList(root, "image_size_list", null);
        if (order == FeatureOrder.OFA_TUTORIAL) {
            for (int i = 1; i < imageSizes.length; i++) {
                if (imageSizes[i] <= imageSizes[i - 1]) {
                    throw new InvalidInputException("image_size_list",
                            "image_size_list must rise for feature_order ofa-tutorial; got " + Arrays.toString(imageSizes));
                }
            }
        }
        int[] kernelSizes = intList(root, "ks_list", DEFAULT_KERNEL_SIZES);
        int[] expandRatios = intList(root, "expand_list", DEFAULT_EXPAND_RATIOS);
        double baseAcc = 0;
        if (root.has("base_acc")) {
            JsonNode b = root.get("base_acc");
            if (b.isArray() && b.size() == 1) {
                b = b.get(0);
            }
            if (!b.isNumber()) {
                throw new InvalidInputException("base_acc", "base_acc must be a number; got " + b);
            }
            baseAcc = b.asDouble();
        }
        String unit = root.path("output_unit").asText("fraction").toLowerCase(Locale.ROOT);
        double scale = switch (unit) {
            case "fraction" -> 100;
            case "percent" -> 1;
            default -> throw new InvalidInputException("output_unit", "output_unit '" + unit
                    + "' is not fraction or percent");
        };
        JsonNode layers = root.get("layers");
        if (layers == null || !layers.isArray() || layers.isEmpty()) {
            throw new InvalidInputException("layers", "layers must be a non-empty list of {weight, bias}");
        }
        int inputs = imageSizes.length + Architecture.MAX_LAYERS * (kernelSizes.length + expandRatios.length);
        double[][][] weights = new double[layers.size()][][];
        double[][] biases = new double[layers.size()][];
        int width = inputs;
        for (int l = 0; l < layers.size(); l++) {
            JsonNode layer = layers.get(l);
            String where = "layers[" + l + "]";
            weights[l] = matrix(layer.get("weight"), where + ".weight", width);
            int outputs = weights[l].length;
            if (l == layers.size() - 1 && outputs != 1) {
                throw new InvalidInputException(where, where + " is the last layer and must have 1 output; it has "
                        + outputs);
            }
            if (layer.hasNonNull("bias")) {
                biases[l] = vector(layer.get("bias"), where + ".bias", outputs);
            } else {
                biases[l] = new double[outputs];
            }
            width = outputs;
        }
        return new OfaAccuracyPredictorWeights(name, order, imageSizes, kernelSizes, expandRatios, baseAcc, scale,
                weights, biases);
    }

    private static int[] intList(JsonNode root, String key, int[] fallback) {
        JsonNode list = root.get(key);
        if (list == null || list.isNull()) {
            if (fallback == null) {
                throw new InvalidInputException(key, key + " is missing");
            }
            return fallback.clone();
        }
        if (!list.isArray() || list.isEmpty()) {
            throw new InvalidInputException(key, key + " must be a non-empty list of integers; got " + list);
        }
        int[] values = new int[list.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = list.get(i);
            if (!v.canConvertToInt() || !v.isIntegralNumber()) {
                throw new InvalidInputException(key, key + "[" + i + "] must be an integer; got " + v);
            }
            values[i] = v.asInt();
        }
        if (Arrays.stream(values).distinct().count() != values.length) {
            throw new InvalidInputException(key, key + " repeats a value: " + Arrays.toString(values));
        }
        return values;
    }

    private static double[][] matrix(JsonNode node, String where, int columns) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new InvalidInputException(where, where + " must be a non-empty list of rows");
        }
        double[][] m = new double[node.size()][];
        for (int r = 0; r < m.length; r++) {
            m[r] = vector(node.get(r), where + "[" + r + "]", columns);
        }
        return m;
    }

    private static double[] vector(JsonNode node, String where, int length) {
        if (node == null || !node.isArray()) {
            throw new InvalidInputException(where, where + " must be a list of numbers");
        }
        if (node.size() != length) {
            throw new InvalidInputException(where, where + " has " + node.size() + " entries; it needs " + length);
        }
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            JsonNode x = node.get(i);
            if (!x.isNumber()) {
                throw new InvalidInputException(where, where + "[" + i + "] must be a number; got " + x);
            }
            v[i] = x.asDouble();
        }
        return v;
    }

    /** {@code ofa-predictor:<name>}. */
    @Override
    public String id() {
        return "ofa-predictor:" + name;
    }

    @Override
    public boolean isSurrogate() {
        return false;
    }

    public FeatureOrder featureOrder() {
        return featureOrder;
    }

    /** Length of the input vector (OFA's {@code n_dim}). */
    public int dimension() {
        return dimension;
    }

    public int[] imageSizes() {
        return imageSizes.clone();
    }

    public double baseAcc() {
        return baseAcc;
    }

    /**
     * The input vector of one architecture, as OFA's encoder builds it.
     *
     * @throws InvalidInputException when a kernel size, expand ratio or resolution has no slot in the encoding
     */
    public double[] features(Architecture arch) {
        double[] x = new double[dimension];
        for (int index : activeFeatures(arch)) {
            x[index] = 1;
        }
        return x;
    }

    /** Indices of the ones in {@link #features}: one per active kernel, one per active expand ratio, one resolution. */
    private int[] activeFeatures(Architecture arch) {
        int[] active = new int[2 * arch.activeLayers() + 1];
        int n = 0;
        active[n++] = resolutionOffset + resolutionIndex(arch.resolution());
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            if (!arch.isActive(layer)) {
                continue;
            }
            active[n++] = kernelOffset + layer * kernelSizes.length
                    + indexOf(kernelSizes, arch.kernelSize(layer), "ks[" + layer + "]", "kernel sizes");
            active[n++] = expandOffset + layer * expandRatios.length
                    + indexOf(expandRatios, arch.expandRatio(layer), "e[" + layer + "]", "expand ratios");
        }
        return active;
    }

    private int resolutionIndex(int r) {
        if (featureOrder == FeatureOrder.OFA_NAS) {
            return indexOf(imageSizes, r, "r", "image sizes");
        }
        int bucket = -1;
        for (int i = 0; i < imageSizes.length && imageSizes[i] <= r; i++) {
            bucket = i;
        }
        if (bucket < 0) {
            throw new InvalidInputException("r", "r=" + r + " is below the predictor's smallest image size "
                    + imageSizes[0]);
        }
        return bucket;
    }

    private static int indexOf(int[] values, int v, String field, String what) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new InvalidInputException(field, field + "=" + v + " is not one of the predictor's " + what + " "
                + Arrays.toString(values));
    }

    /**
     * OFA's {@code forward} on one input vector: the MLP's output plus {@code base_acc}, in the
     * predictor's own unit (a fraction for OFA's checkpoints).
     */
    public double forward(double[] features) {
        if (features.length != dimension) {
            throw new IllegalArgumentException("the predictor takes " + dimension + " features, got " + features.length);
        }
        double[] h = features;
        for (int l = 0; l < weights.length; l++) {
            h = affine(weights[l], biases[l], h, l < weights.length - 1);
        }
        return h[0] + baseAcc;
    }

    private static double[] affine(double[][] w, double[] b, double[] x, boolean relu) {
        double[] y = new double[w.length];
        for (int o = 0; o < w.length; o++) {
            double sum = b[o];
            double[] row = w[o];
            for (int i = 0; i < row.length; i++) {
                sum += row[i] * x[i];
            }
            y[o] = relu ? Math.max(0, sum) : sum;
        }
        return y;
    }

    /** Top-1 in percent: {@link #forward} of the architecture's features, scaled from the predictor's unit. */
    @Override
    public double[] accuracy(List<Architecture> archs) {
        double[] out = new double[archs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = outputScale * forwardOneHot(activeFeatures(archs.get(i)));
        }
        return out;
    }

    /** {@link #forward} for a one-hot input: the first layer sums the weight columns of the ones. */
    private double forwardOneHot(int[] active) {
        double[] h = biases[0].clone();
        for (int index : active) {
            double[] column = firstLayerByFeature[index];
            for (int o = 0; o < h.length; o++) {
                h[o] += column[o];
            }
        }
        boolean last = weights.length == 1;
        if (!last) {
            for (int o = 0; o < h.length; o++) {
                h[o] = Math.max(0, h[o]);
            }
        }
        for (int l = 1; l < weights.length; l++) {
            h = affine(weights[l], biases[l], h, l < weights.length - 1);
        }
        return h[0] + baseAcc;
    }

    @Override
    public String toString() {
        return id() + " (" + featureOrder.key() + ", " + dimension + " features, " + weights.length + " layers)";
    }
}
