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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LookupTableTest {

    private static final NetworkCostModel W12 = NetworkCostModel.of(1.2);

    @Test
    void keysFollowOfaFormat() {
        List<Block> fixed = W12.fixedBlocks(224);
        assertThat(fixed).extracting(LookupTable::key).containsExactly(
                "Conv-input:224x224x3-output:112x112x24",
                "expanded_conv-input:112x112x24-output:112x112x24-expand:24-kernel:3-stride:1-idskip:1-se:0-hs:0",
                "Conv_1-input:7x7x192-output:7x7x1152",
                "AvgPool2D-input:7x7x1152-output:1x1x1152",
                "Conv_2-input:1x1x1152-output:1x1x1536",
                "Logits-input:1x1x1536-output:1000");
        assertThat(LookupTable.key(W12.mbConvBlock(224, 1, 0, 5, 4)))
                .isEqualTo("expanded_conv-input:56x56x32-output:28x28x48-expand:128-kernel:5-stride:2-idskip:0-se:1-hs:0");
        assertThat(LookupTable.key(W12.mbConvBlock(224, 3, 0, 3, 6)))
                .isEqualTo("expanded_conv-input:14x14x96-output:14x14x136-expand:576-kernel:3-stride:1-idskip:0-se:1-hs:1");
    }

    @Test
    void requiredKeysOfOfaW12AreExactlyTheNote10Keys() {
        LookupTable table = LookupTable.open(Note10.directory());
        assertThat(table.resolutions()).hasSize(17).startsWith(160).endsWith(224);
        for (int r = 160; r <= 224; r += 4) {
            List<String> keys = LookupTable.requiredKeys(SearchSpaces.OFA_W12, r);
            // 5 shared blocks + first block + 5 stages x 2 positions x 3 kernels x 3 expand ratios
            assertThat(keys).hasSize(6 + 90);
            assertThat(new HashSet<>(keys)).as("r=%d", r).isEqualTo(table.entries(r).keySet());
        }
    }

    @Test
    void compoundSpacesNeedFewerKeys() {
        // fixed kernels: first block, 5 stages x 2 positions x 1 kernel x 3 coupled ratios, plus 5 shared
        assertThat(LookupTable.requiredKeys(SearchSpaces.COMPOFA_FIXED, 160)).hasSize(6 + 30);
        assertThat(LookupTable.requiredKeys(SearchSpaces.COMPOFA_ELASTIC, 160)).hasSize(6 + 90);
        assertThatThrownBy(() -> LookupTable.requiredKeys(SearchSpaces.COMPOFA_FIXED, 128))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("r=128")
                .hasMessageContaining("compofa-fixed");
    }

    @Test
    void everyBlockOfSampledSubnetsIsInTheNote10Tables() {
        LookupTable table = LookupTable.open(Note10.directory());
        SplittableRandom rng = new SplittableRandom(2024);
        for (SearchSpace space : List.of(SearchSpaces.OFA_W12, SearchSpaces.COMPOFA_FIXED, SearchSpaces.COMPOFA_ELASTIC)) {
            NetworkCostModel model = NetworkCostModel.of(space);
            for (int i = 0; i < 60; i++) {
                Architecture arch = space.sample(rng);
                for (int r = 160; r <= 224; r += 4) {
                    Map<String, LookupTable.Entry> entries = table.entries(r);
                    for (Block block : model.blocks(arch.withResolution(r))) {
                        assertThat(entries).as("%s at r=%d", space.id(), r).containsKey(LookupTable.key(block));
                    }
                }
            }
        }
    }

    @Test
    void writtenTableReadsBackUnchanged(@TempDir Path dir) throws IOException {
        Map<String, LookupTable.Entry> entries = new LinkedHashMap<>();
        entries.put("Logits-input:1x1x1536-output:1000", new LookupTable.Entry(500, 0.669412, 0.0774));
        entries.put("Conv-input:160x160x3-output:80x80x24", new LookupTable.Entry(12, 0.5, 1.0E-5));
        entries.put("AvgPool2D-input:5x5x1152-output:1x1x1152", new LookupTable.Entry(495, 0.015270707070707077, 0.0));

        Path file = LookupTable.write(dir.resolve("tables"), 160, entries);

        assertThat(file.getFileName().toString()).isEqualTo("160_lookup_table.yaml");
        assertThat(LookupTable.read(file)).isEqualTo(entries);
        LookupTable table = LookupTable.open(dir.resolve("tables"));
        assertThat(table.resolutions()).containsExactly(160);
        assertThat(table.entry(160, "Conv-input:160x160x3-output:80x80x24").count()).isEqualTo(12);
        // OFA's layout: sorted keys at the margin, count/mean/std indented under each
        assertThat(Files.readAllLines(file)).startsWith(
                "AvgPool2D-input:5x5x1152-output:1x1x1152:",
                "  count: 495",
                "  mean: 0.015270707070707077",
                "  std: 0.0",
                "Conv-input:160x160x3-output:80x80x24:");
    }

    @Test
    void missingKeyNamesKeyAndFile(@TempDir Path dir) {
        LookupTable.write(dir, 160, Map.of("Conv-input:160x160x3-output:80x80x24", new LookupTable.Entry(1, 0.5, 0)));
        LookupTable table = LookupTable.open(dir);
        assertThatThrownBy(() -> table.entry(160, "Conv_1-input:5x5x192-output:5x5x1152"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'Conv_1-input:5x5x192-output:5x5x1152'")
                .hasMessageContaining(dir.resolve("160_lookup_table.yaml").toString());
    }

    @Test
    void missingResolutionNamesResolutionAndDirectory(@TempDir Path dir) {
        LookupTable.write(dir, 160, Map.of("Conv-input:160x160x3-output:80x80x24", new LookupTable.Entry(1, 0.5, 0)));
        LookupTable table = LookupTable.open(dir);
        assertThatThrownBy(() -> table.entries(176))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("resolution 176")
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("[160]");
    }

    @Test
    void malformedYamlNamesTheFileOnOneLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("160_lookup_table.yaml");
        Files.writeString(file, "Conv-input:160x160x3-output:80x80x24:\n  count: [1, 2\n  mean: {\n");
        LookupTable table = LookupTable.open(dir);
        assertThatThrownBy(() -> table.entries(160))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not valid YAML")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void entryWithoutMeanNamesKeyAndFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("160_lookup_table.yaml");
        Files.writeString(file, "Conv-input:160x160x3-output:80x80x24:\n  count: 3\n  std: 0.1\n");
        assertThatThrownBy(() -> LookupTable.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'Conv-input:160x160x3-output:80x80x24'")
                .hasMessageContaining("'mean'");
        Files.writeString(file, "- just\n- a list\n");
        assertThatThrownBy(() -> LookupTable.read(file))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void rejectsMissingDirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> LookupTable.open(dir.resolve("absent")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("absent");
    }
}
