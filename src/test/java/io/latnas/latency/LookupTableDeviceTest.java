package io.latnas.latency;

import io.latnas.common.InvalidInputException;
import io.latnas.cost.Block;
import io.latnas.cost.NetworkCostModel;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LookupTableDeviceTest {

    private static LookupTableDevice note10() {
        return new LookupTableDevice("note10", LookupTable.open(Note10.directory()), 1.2);
    }

    private static Architecture uniform(int k, int e, int d, int r) {
        return Architecture.uniform(k, e, d, r);
    }

    /** The means of a table file read line by line, without the YAML library the table uses. */
    private static Map<String, Double> meansOf(Path file) throws IOException {
        Map<String, Double> means = new HashMap<>();
        String key = null;
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith(" ") && line.endsWith(":")) {
                key = line.substring(0, line.length() - 1);
            } else if (line.strip().startsWith("mean:")) {
                means.put(key, Double.parseDouble(line.strip().substring("mean:".length()).strip()));
            }
        }
        return means;
    }

    @Test
    void latencyIsTheSumOfTheBlockMeansInTheFile() throws IOException {
        Map<String, Double> means = meansOf(Note10.directory().resolve("160_lookup_table.yaml"));
        // k3 e3 d2 at r=160: maps 80 -> 40, 20, 10, 10, 5; widths 24 | 32 48 96 136 192
        List<String> keys = List.of(
                "Conv-input:160x160x3-output:80x80x24",
                "expanded_conv-input:80x80x24-output:80x80x24-expand:24-kernel:3-stride:1-idskip:1-se:0-hs:0",
                "expanded_conv-input:80x80x24-output:40x40x32-expand:72-kernel:3-stride:2-idskip:0-se:0-hs:0",
                "expanded_conv-input:40x40x32-output:40x40x32-expand:96-kernel:3-stride:1-idskip:1-se:0-hs:0",
                "expanded_conv-input:40x40x32-output:20x20x48-expand:96-kernel:3-stride:2-idskip:0-se:1-hs:0",
                "expanded_conv-input:20x20x48-output:20x20x48-expand:144-kernel:3-stride:1-idskip:1-se:1-hs:0",
                "expanded_conv-input:20x20x48-output:10x10x96-expand:144-kernel:3-stride:2-idskip:0-se:0-hs:1",
                "expanded_conv-input:10x10x96-output:10x10x96-expand:288-kernel:3-stride:1-idskip:1-se:0-hs:1",
                "expanded_conv-input:10x10x96-output:10x10x136-expand:288-kernel:3-stride:1-idskip:0-se:1-hs:1",
                "expanded_conv-input:10x10x136-output:10x10x136-expand:408-kernel:3-stride:1-idskip:1-se:1-hs:1",
                "expanded_conv-input:10x10x136-output:5x5x192-expand:408-kernel:3-stride:2-idskip:0-se:1-hs:1",
                "expanded_conv-input:5x5x192-output:5x5x192-expand:576-kernel:3-stride:1-idskip:1-se:1-hs:1",
                "Conv_1-input:5x5x192-output:5x5x1152",
                "AvgPool2D-input:5x5x1152-output:1x1x1152",
                "Conv_2-input:1x1x1152-output:1x1x1536",
                "Logits-input:1x1x1536-output:1000");
        double manual = 0;
        for (String key : keys) {
            assertThat(means).containsKey(key);
            manual += means.get(key);
        }
        assertThat(note10().latencyMs(uniform(3, 3, 2, 160), 1)).isCloseTo(manual, within(1e-9));
    }

    @Test
    void latencyAgreesWithLookingUpEveryBlockByKey() {
        LookupTableDevice device = note10();
        SplittableRandom rng = new SplittableRandom(5);
        for (SearchSpace space : List.of(SearchSpaces.OFA_W12, SearchSpaces.COMPOFA_FIXED, SearchSpaces.COMPOFA_ELASTIC)) {
            for (int i = 0; i < 40; i++) {
                Architecture arch = space.sample(rng);
                if (arch.resolution() < 160) {
                    arch = arch.withResolution(160 + 4 * rng.nextInt(17));
                }
                double expected = 0;
                for (Block block : NetworkCostModel.of(1.2).blocks(arch)) {
                    expected += device.table().entry(arch.resolution(), LookupTable.key(block)).mean();
                }
                assertThat(device.latencyMs(arch, 1)).as("%s", arch).isCloseTo(expected, within(1e-9));
            }
        }
    }

    @Test
    void deeperAndLargerSubnetsAreSlowerOnNote10() {
        LookupTableDevice device = note10();
        double smallest = device.latencyMs(uniform(3, 3, 2, 224), 1);
        double middle = device.latencyMs(uniform(5, 4, 3, 224), 1);
        double largest = device.latencyMs(uniform(7, 6, 4, 224), 1);
        assertThat(smallest).isPositive();
        assertThat(middle).isGreaterThan(smallest);
        assertThat(largest).isGreaterThan(middle);
        for (Architecture arch : List.of(uniform(3, 3, 2, 160), uniform(5, 4, 3, 160), uniform(7, 6, 4, 160))) {
            double r160 = device.latencyMs(arch, 1);
            double r192 = device.latencyMs(arch.withResolution(192), 1);
            double r224 = device.latencyMs(arch.withResolution(224), 1);
            assertThat(r192).as("%s", arch).isGreaterThan(r160);
            assertThat(r224).as("%s", arch).isGreaterThan(r192);
        }
        for (Architecture arch : SearchSpaces.COMPOFA_FIXED.enumerate(200).subList(0, 20)) {
            int[] d = arch.depths();
            if (d[4] < 4) {
                d[4]++;
                Architecture deeper = SearchSpaces.COMPOFA_FIXED.architecture(
                        filled(arch.kernelSizes(), 5, 16, d[4]), filled(arch.expandRatios(), ratio(d[4]), 16, d[4]), d, 200);
                assertThat(device.latencyMs(deeper, 1)).isGreaterThan(device.latencyMs(arch, 1));
            }
        }
    }

    /** Stage 4's slots filled with {@code value} for {@code depth} layers (CompOFA couples e to depth). */
    private static int[] filled(int[] genes, int value, int from, int depth) {
        int[] out = genes.clone();
        for (int i = 0; i < depth; i++) {
            out[from + i] = value;
        }
        return out;
    }

    private static int ratio(int depth) {
        return SearchSpaces.COMPOFA_FIXED.coupledExpandRatio(depth);
    }

    @Test
    void refusesBatchSizesOtherThanOne() {
        LookupTableDevice device = note10();
        assertThatThrownBy(() -> device.latencyMs(uniform(3, 3, 2, 224), 32))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("batch size 32")
                .hasMessageContaining("note10");
        assertThat(device.kind()).isEqualTo("lookup-table");
        assertThat(device.hardwareId()).isEqualTo("note10");
    }

    @Test
    void tableBuiltFromRequiredKeysAnswersTheWholeSpace(@TempDir Path dir) {
        Map<String, LookupTable.Entry> entries = new HashMap<>();
        for (String key : LookupTable.requiredKeys(SearchSpaces.COMPOFA_FIXED, 160)) {
            entries.put(key, new LookupTable.Entry(1, 1.0, 0.0));
        }
        LookupTable.write(dir, 160, entries);
        LookupTableDevice device = new LookupTableDevice("unit", LookupTable.open(dir), 1.2);
        for (Architecture arch : SearchSpaces.COMPOFA_FIXED.enumerate(160)) {
            // every block costs 1 ms: 6 shared blocks plus one per active layer
            assertThat(device.latencyMs(arch, 1)).isEqualTo(6 + arch.activeLayers());
        }
    }

    @Test
    void missingBlockNamesKeyAndFile(@TempDir Path dir) {
        Map<String, LookupTable.Entry> entries = new HashMap<>();
        for (String key : LookupTable.requiredKeys(SearchSpaces.COMPOFA_FIXED, 160)) {
            entries.put(key, new LookupTable.Entry(1, 1.0, 0.0));
        }
        String missing = "expanded_conv-input:10x10x136-output:5x5x192-expand:816-kernel:5-stride:2-idskip:0-se:1-hs:1";
        assertThat(entries.remove(missing)).isNotNull();
        LookupTable.write(dir, 160, entries);
        LookupTableDevice device = new LookupTableDevice("unit", LookupTable.open(dir), 1.2);

        List<Architecture> all = SearchSpaces.COMPOFA_FIXED.enumerate(160);
        Architecture shallow = all.get(0);
        Architecture deep = all.get(all.size() - 1);
        assertThat(shallow.depth(4)).isEqualTo(2);
        assertThat(deep.depth(4)).isEqualTo(4);
        assertThat(device.latencyMs(shallow, 1)).isEqualTo(6 + shallow.activeLayers());
        assertThatThrownBy(() -> device.latencyMs(deep, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'" + missing + "'")
                .hasMessageContaining(dir.resolve("160_lookup_table.yaml").toString());
    }

    @Test
    void resolutionWithoutTableNamesResolutionAndDirectory(@TempDir Path dir) {
        LookupTable.write(dir, 160, Map.of("Conv-input:160x160x3-output:80x80x24", new LookupTable.Entry(1, 1.0, 0.0)));
        LookupTableDevice device = new LookupTableDevice("unit", LookupTable.open(dir), 1.2);
        assertThatThrownBy(() -> device.latencyMs(uniform(3, 3, 2, 208), 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("resolution 208")
                .hasMessageContaining(dir.toString());
    }

    @Test
    void malformedTableNamesTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("160_lookup_table.yaml");
        Files.writeString(file, "Conv-input:160x160x3-output:80x80x24: [unclosed\n");
        LookupTableDevice device = new LookupTableDevice("unit", LookupTable.open(dir), 1.2);
        assertThatThrownBy(() -> device.latencyMs(uniform(3, 3, 2, 160), 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString());
    }
}
