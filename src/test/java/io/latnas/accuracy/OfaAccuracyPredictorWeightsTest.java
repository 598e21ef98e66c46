package io.latnas.accuracy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OfaAccuracyPredictorWeightsTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /*
     * A tiny predictor in OFA's nas layout, image sizes {160, 224}: 2 + 20*3 + 20*3 = 122 features.
     * Feature index of resolution 224: 1; of kernel 7 in layer i: 2 + 3i + 2; of kernel 3 in layer 19:
     * 2 + 57 = 59; of expand 6 in layer i: 62 + 3i + 2.
     *   hidden 0 = relu(1.0 [r=224] + 0.1 per layer with k=7 + 5.0 [layer 19 has k=3])
     *   hidden 1 = relu(-1 - 0.5 [r=224] + 0.2 per layer with e=6)
     *   output   = 0.02 * hidden 0 + 0.03 * hidden 1 (no bias) + base_acc 0.65, a fraction
     */
    private static final int N_DIM = 122;

    private static ObjectNode tinyNas() {
        double[][] w0 = new double[2][N_DIM];
        w0[0][1] = 1.0;
        w0[1][1] = -0.5;
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            w0[0][2 + 3 * layer + 2] = 0.1;
            w0[1][62 + 3 * layer + 2] = 0.2;
        }
        w0[0][2 + 3 * 19] = 5.0;
        ObjectNode root = NODES.objectNode();
        root.put("format", "ofa-accuracy-predictor");
        root.put("feature_order", "ofa-nas");
        root.set("image_size_list", ints(160, 224));
        root.set("ks_list", ints(3, 5, 7));
        root.set("expand_list", ints(3, 4, 6));
        root.put("base_acc", 0.65);
        ArrayNode layers = root.putArray("layers");
        layers.add(layer(w0, new double[] {0, -1}));
        layers.add(layer(new double[][] {{0.02, 0.03}}, null));
        return root;
    }

    private static OfaAccuracyPredictorWeights tiny() {
        return OfaAccuracyPredictorWeights.fromJson(tinyNas().toString(), "tiny");
    }

    private static Architecture uniform(int k, int e, int d, int r) {
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] es = new int[Architecture.MAX_LAYERS];
        int[] ds = new int[Architecture.STAGES];
        Arrays.fill(ks, k);
        Arrays.fill(es, e);
        Arrays.fill(ds, d);
        return Architecture.of(ks, es, ds, r);
    }

    @Test
    void forwardPassMatchesTheHandComputedOutputs() {
        OfaAccuracyPredictorWeights p = tiny();
        // 10 layers of k7/e6 at 224: h0 = 1 + 1 = 2, h1 = -1 - 0.5 + 2 = 0.5; 0.04 + 0.015 + 0.65.
        assertThat(p.accuracy(uniform(7, 6, 2, 224))).isCloseTo(70.5, within(1e-9));
        // k3/e3 at 160, layer 19 inactive: h0 = 0, h1 = relu(-1) = 0; base_acc alone.
        assertThat(p.accuracy(uniform(3, 3, 2, 160))).isCloseTo(65.0, within(1e-9));
        // 20 layers of k7/e6 at 160: h0 = 2, h1 = 4 - 1 = 3; 0.04 + 0.09 + 0.65.
        assertThat(p.accuracy(uniform(7, 6, 4, 160))).isCloseTo(78.0, within(1e-9));
        // 20 layers of k3/e3 at 160: layer 19 is active with k=3, h0 = 5; 0.1 + 0.65.
        assertThat(p.accuracy(uniform(3, 3, 4, 160))).isCloseTo(75.0, within(1e-9));
        // Layer 0 alone k7/e3, the other nine k5/e6, at 224: h0 = 1 + 0.1, h1 = -1.5 + 1.8 = 0.3.
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] es = new int[Architecture.MAX_LAYERS];
        Arrays.fill(ks, 5);
        Arrays.fill(es, 6);
        ks[0] = 7;
        es[0] = 3;
        Architecture mixed = Architecture.of(ks, es, new int[] {2, 2, 2, 2, 2}, 224);
        assertThat(p.accuracy(mixed)).isCloseTo(100 * (0.02 * 1.1 + 0.03 * 0.3 + 0.65), within(1e-9));
        assertThat(p.forward(p.features(mixed))).isCloseTo(0.681, within(1e-12));
    }

    @Test
    void featuresFollowOfaMobileNetArchEncoder() {
        OfaAccuracyPredictorWeights p = tiny();
        assertThat(p.dimension()).isEqualTo(N_DIM);
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] es = new int[Architecture.MAX_LAYERS];
        Arrays.fill(ks, 3);
        Arrays.fill(es, 3);
        ks[4] = 5;
        es[4] = 4;
        Architecture a = Architecture.of(ks, es, new int[] {2, 2, 2, 2, 2}, 160);
        double[] x = p.features(a);
        assertThat(Arrays.stream(x).sum()).isEqualTo(2 * a.activeLayers() + 1);
        assertThat(x[0]).isEqualTo(1);                   // r = 160
        assertThat(x[2 + 3 * 4 + 1]).isEqualTo(1);       // layer 4 kernel 5
        assertThat(x[62 + 3 * 4 + 1]).isEqualTo(1);      // layer 4 expand 4
        assertThat(x[2 + 3 * 2]).isZero();               // layer 2 is inactive at depth 2
    }

    @Test
    void oneHotShortcutAgreesWithTheDenseForwardPass() {
        SplittableRandom rng = new SplittableRandom(5);
        int[] sizes = {128, 160, 192, 224};
        int nDim = sizes.length + 120;
        ObjectNode root = NODES.objectNode();
        root.set("image_size_list", ints(sizes));
        root.put("base_acc", 0.7);
        ArrayNode layers = root.putArray("layers");
        int[] widths = {nDim, 8, 8, 8, 1};
        for (int l = 0; l + 1 < widths.length; l++) {
            double[][] w = new double[widths[l + 1]][widths[l]];
            for (double[] row : w) {
                for (int i = 0; i < row.length; i++) {
                    row[i] = rng.nextDouble(-0.3, 0.3);
                }
            }
            double[] b = new double[widths[l + 1]];
            Arrays.setAll(b, i -> rng.nextDouble(-0.1, 0.1));
            layers.add(layer(w, l + 2 < widths.length ? b : null));
        }
        OfaAccuracyPredictorWeights p = OfaAccuracyPredictorWeights.fromJson(root.toString(), "random");
        SearchSpace space = SearchSpaces.OFA_W10;
        for (int i = 0; i < 50; i++) {
            Architecture a = space.sample(rng).withResolution(sizes[rng.nextInt(sizes.length)]);
            assertThat(p.accuracy(a)).isCloseTo(100 * p.forward(p.features(a)), within(1e-9));
        }
    }

    @Test
    void tutorialLayoutPutsTheResolutionBucketLast() {
        double[] w = new double[128];
        w[120 + 1] = 1.0;   // bucket of 128 (r 128..143)
        w[1] = 0.01;        // layer 0 kernel 5
        ObjectNode root = NODES.objectNode();
        root.put("feature_order", "ofa-tutorial");
        root.set("image_size_list", ints(112, 128, 144, 160, 176, 192, 208, 224));
        root.put("output_unit", "percent");
        root.putArray("layers").add(layer(new double[][] {w}, new double[] {0.1}));
        OfaAccuracyPredictorWeights p = OfaAccuracyPredictorWeights.fromJson(root.toString(), "tutorial");

        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] es = new int[Architecture.MAX_LAYERS];
        Arrays.fill(ks, 3);
        Arrays.fill(es, 3);
        ks[0] = 5;
        Architecture a = Architecture.of(ks, es, new int[] {2, 2, 2, 2, 2}, 132);
        assertThat(p.dimension()).isEqualTo(128);
        assertThat(p.features(a)[121]).isEqualTo(1);
        assertThat(p.accuracy(a)).isCloseTo(1.11, within(1e-12));
        assertThatThrownBy(() -> p.accuracy(a.withResolution(100)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("r=100 is below the predictor's smallest image size 112");
    }

    @Test
    void isNotASurrogateAndIsNamedForItsFile(@TempDir Path dir) throws IOException {
        ObjectNode json = tinyNas();
        json.putArray("base_acc").add(0.65);   // as torch's state_dict gives it: a one-element tensor
        Path file = dir.resolve("ofa_mbv3_acc.json");
        Files.writeString(file, json.toString());
        OfaAccuracyPredictorWeights p = OfaAccuracyPredictorWeights.load(file);

        assertThat(p.id()).isEqualTo("ofa-predictor:ofa_mbv3_acc");
        assertThat(p.isSurrogate()).isFalse();
        assertThat(p.baseAcc()).isEqualTo(0.65);
        assertThat(p.accuracy(List.of(uniform(7, 6, 2, 224)))).containsExactly(tiny().accuracy(uniform(7, 6, 2, 224)));
    }

    @Test
    void rejectsAResolutionTheEncoderDoesNotList() {
        assertThatThrownBy(() -> tiny().accuracy(uniform(3, 3, 2, 192)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("r=192 is not one of the predictor's image sizes [160, 224]");
    }

    @Test
    void rejectsAFirstLayerOfTheWrongWidth() {
        ObjectNode json = tinyNas();
        ((ArrayNode) json.get("image_size_list")).add(192);
        assertThatThrownBy(() -> OfaAccuracyPredictorWeights.fromJson(json.toString(), "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("layers[0].weight[0] has 122 entries; it needs 123");
    }

    @Test
    void rejectsALastLayerWithMoreThanOneOutput() {
        ObjectNode json = tinyNas();
        ((ArrayNode) json.get("layers")).set(1, layer(new double[][] {{1, 1}, {1, 1}}, null));
        assertThatThrownBy(() -> OfaAccuracyPredictorWeights.fromJson(json.toString(), "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("layers[1] is the last layer and must have 1 output; it has 2");
    }

    @Test
    void rejectsAFileWithoutImageSizes() {
        ObjectNode json = tinyNas();
        json.remove("image_size_list");
        assertThatThrownBy(() -> OfaAccuracyPredictorWeights.fromJson(json.toString(), "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("image_size_list is missing");
    }

    @Test
    void rejectsAnUnknownKey() {
        ObjectNode json = tinyNas();
        json.putObject("state_dict");
        assertThatThrownBy(() -> OfaAccuracyPredictorWeights.fromJson(json.toString(), "x"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("unknown key 'state_dict'; known: ");
    }

    @Test
    void namesTheFileOfAMalformedExport(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"layers\": [");
        assertThatThrownBy(() -> OfaAccuracyPredictorWeights.load(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("broken.json: malformed JSON: ");
    }

    private static ArrayNode ints(int... values) {
        ArrayNode a = NODES.arrayNode();
        for (int v : values) {
            a.add(v);
        }
        return a;
    }

    private static ObjectNode layer(double[][] weight, double[] bias) {
        ObjectNode layer = NODES.objectNode();
        ArrayNode rows = layer.putArray("weight");
        for (double[] row : weight) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                r.add(v);
            }
        }
        if (bias != null) {
            ArrayNode b = layer.putArray("bias");
            for (double v : bias) {
                b.add(v);
            }
        }
        return layer;
    }
}
