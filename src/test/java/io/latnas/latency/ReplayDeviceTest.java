package io.latnas.latency;

import io.latnas.common.InvalidInputException;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ReplayDeviceTest {

    private static final SearchSpace OFA = SearchSpaces.OFA_W10;
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path dir;

    private static Architecture arch(int n) {
        return OFA.sample(new SplittableRandom(n));
    }

    private Path measured() {
        Path file = dir.resolve("measured.csv");
        DatasetCsv.writeLong(LatencyDataset.of(OFA.id(), List.of(
                new LatencyRecord(arch(1), "rtx2080ti", 1, 12.5, "measured:lab", T0),
                new LatencyRecord(arch(2), "rtx2080ti", 1, 13.5, "measured:lab", T0),
                new LatencyRecord(arch(1), "rtx2080ti", 64, 30.0, "measured:lab", T0),
                new LatencyRecord(arch(1), "v100", 1, 9.0, "measured:lab", T0))), file);
        return file;
    }

    @Test
    void answersForArchitecturesInTheFile() {
        ReplayDevice device = ReplayDevice.fromCsv(measured(), OFA, "rtx2080ti");

        assertThat(device.kind()).isEqualTo("replay");
        assertThat(device.hardwareId()).isEqualTo("rtx2080ti");
        assertThat(device.batchSizes()).containsExactly(1, 64);
        assertThat(device.size(1)).isEqualTo(2);
        assertThat(device.latencyMs(arch(1), 1)).isEqualTo(12.5);
        assertThat(device.latencyMs(arch(2), 1)).isEqualTo(13.5);
        assertThat(device.latencyMs(arch(1), 64)).isEqualTo(30.0);
        assertThat(device.latenciesMs(List.of(arch(2), arch(1)), 1)).containsExactly(13.5, 12.5);
    }

    @Test
    void refusesArchitecturesAndBatchSizesNotInTheFile() {
        Path file = measured();
        ReplayDevice device = ReplayDevice.fromCsv(file, OFA, "rtx2080ti");

        assertThat(device.contains(arch(3), 1)).isFalse();
        assertThatThrownBy(() -> device.latencyMs(arch(3), 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("architecture " + arch(3) + " is not in " + file + " for rtx2080ti batch 1");
        assertThatThrownBy(() -> device.latencyMs(arch(2), 64))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("is not in").hasMessageContaining("rtx2080ti batch 64");
        assertThatThrownBy(() -> device.latencyMs(arch(1), 32))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no rtx2080ti measurements at batch 32; it has batch 1, 64");
    }

    @Test
    void refusesHardwareTheFileLacks() {
        assertThatThrownBy(() -> ReplayDevice.fromCsv(measured(), OFA, "titanxp"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no measurements for hardware 'titanxp'; it has rtx2080ti, v100");
    }

    @Test
    void replaysHelpOfaByColumnPrefixOrHardwareId() {
        Path csv = Path.of(System.getProperty("latnas.home", "."), "..", "shared", "data", "help-ofa",
                "ofa_latency.csv").normalize();
        assumeTrue(Files.isRegularFile(csv), "help-ofa data not found at " + csv);
        Architecture first = ArchitectureCodec.fromCsvFields("7-5-0-0-7-7-0-0-5-7-0-0-5-3-0-0-5-3-5-0",
                "6-4-0-0-6-3-0-0-3-6-0-0-3-6-0-0-6-4-3-0", "2-2-2-2-3", "204", OFA);

        ReplayDevice byPrefix = ReplayDevice.fromCsv(csv, OFA, "2080ti");
        ReplayDevice titan = ReplayDevice.fromCsv(csv, OFA, "titanxp");

        assertThat(byPrefix.hardwareId()).isEqualTo("rtx2080ti");
        assertThat(byPrefix.batchSizes()).containsExactly(1, 32, 64);
        assertThat(byPrefix.size(64)).isEqualTo(5_000);
        assertThat(byPrefix.latencyMs(first, 1)).isEqualTo(12.08194);
        assertThat(byPrefix.latencyMs(first, 64)).isEqualTo(28.88721);
        assertThat(titan.latencyMs(first, 32)).isEqualTo(28.96305);
        assertThatThrownBy(() -> titan.latencyMs(first.withResolution(128), 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("is not in");
    }
}
