package io.latnas.hardware;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HardwareCatalogTest {

    private static HardwareCatalog catalog;

    @BeforeAll
    static void loadRealConfiguration() {
        catalog = HardwareCatalog.fromConfig(ConfigFactory.load());
    }

    @Test
    void containsThePaperPlatformsAndEveryReadmeGpu() {
        assertThat(catalog.ids()).contains("note10", "xeon-gold-6148", "rtx2080ti", "p40",
                "titanrtx", "titanxp", "v100", "h200");
        assertThat(catalog.byId("note10").kind()).isEqualTo(HardwareKind.MOBILE);
        assertThat(catalog.byId("xeon-gold-6148").kind()).isEqualTo(HardwareKind.CPU);
    }

    @Test
    void coversAtLeastEighteenGpusOfSeveralGenerations() {
        assertThat(catalog.gpus()).hasSizeGreaterThanOrEqualTo(18);
        assertThat(catalog.gpus()).extracting(HardwareProfile::architecture)
                .contains("Pascal", "Volta", "Turing", "Ampere", "Ada Lovelace", "Hopper");
        assertThat(catalog.ofKind(HardwareKind.GPU)).isEqualTo(catalog.gpus());
        assertThat(catalog.all()).hasSize(catalog.gpus().size() + catalog.ofKind(HardwareKind.CPU).size()
                + catalog.ofKind(HardwareKind.MOBILE).size());
    }

    @Test
    void readmeGpusMatchTheReadmeTableExactly() {
        // ../shared/data/README.md: SMs, CUDA cores, memory GB, bandwidth GB/s, boost MHz, FP32 TFLOPS
        assertSpec("rtx2080ti", 68, 4352, 11, 616, 1545, 13.4);
        assertSpec("titanrtx", 72, 4608, 24, 672, 1770, 16.3);
        assertSpec("titanxp", 30, 3840, 12, 548, 1582, 12.1);
        assertSpec("v100", 80, 5120, 16, 900, 1530, 15.7);
        assertSpec("p40", 30, 3840, 24, 346, 1531, 11.8);
        assertSpec("h200", 132, 16896, 141, 4800, 1980, 67);
    }

    private static void assertSpec(String id, int sms, int cores, double memoryGb, double bandwidth, double mhz,
                                   double tflops) {
        HardwareProfile gpu = catalog.byId(id);
        assertThat(gpu.smCount()).as(id + " SMs").isEqualTo(sms);
        assertThat(gpu.cores()).as(id + " cores").isEqualTo(cores);
        assertThat(gpu.memoryGb()).as(id + " memory").isEqualTo(memoryGb);
        assertThat(gpu.bandwidthGbps()).as(id + " bandwidth").isEqualTo(bandwidth);
        assertThat(gpu.clockMhz()).as(id + " clock").isEqualTo(mhz);
        assertThat(gpu.peakFp32Gflops()).as(id + " FP32").isEqualTo(tflops * 1000);
    }

    @Test
    void gpuFeaturesAreCoresMemoryAndBandwidth() {
        assertThat(catalog.byId("p40").gpuFeatures()).containsExactly(3840, 24, 346);
        assertThat(HardwareProfile.GPU_FEATURE_NAMES).containsExactly("cores", "memory-gb", "bandwidth-gbps");
        assertThatThrownBy(() -> catalog.byId("note10").gpuFeatures())
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("note10");
    }

    @Test
    void note10IsBackedByTheLookupTableAndHelpOfaGpusByReplay() {
        HardwareProfile note10 = catalog.byId("note10");
        assertThat(note10.defaultSource()).isEqualTo(HardwareProfile.LOOKUP_TABLE);
        assertThat(note10.lookupTable()).hasValueSatisfying(t -> {
            assertThat(t.dir()).endsWithRaw(Path.of("data", "note10-lut"));
            assertThat(t.widthMultiplier()).isEqualTo(1.2);
        });
        assertThat(catalog.byId("rtx2080ti").replay()).hasValueSatisfying(r -> {
            assertThat(r.file()).endsWithRaw(Path.of("data", "help-ofa", "ofa_latency.csv"));
            assertThat(r.columnPrefix()).isEqualTo("2080ti");
        });
        assertThat(catalog.byId("titanxp").replay().orElseThrow().columnPrefix()).isEqualTo("titan_xp");
        assertThat(catalog.byId("v100").replay().orElseThrow().columnPrefix()).isEqualTo("v100");
        assertThat(catalog.byId("v100").defaultSource()).isEqualTo(HardwareProfile.SIMULATED);
    }

    @Test
    void everyProfileNamesItsSource() {
        assertThat(catalog.all()).allSatisfy(p -> assertThat(p.source()).isNotBlank());
    }

    @Test
    void unknownIdSuggestsCloseIds() {
        assertThatThrownBy(() -> catalog.byId("rtx2080"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown hardware id 'rtx2080'")
                .hasMessageContaining("did you mean rtx2080ti");
    }

    private static final String P40 = "{ id = p40, name = \"Tesla P40\", kind = gpu, vendor = NVIDIA, "
            + "architecture = Pascal, year = 2016, cores = 3840, sm-count = 30, memory-gb = 24, "
            + "bandwidth-gbps = 346, peak-fp32-gflops = 11800, clock-mhz = 1531, source = datasheet }";

    private static Config profiles(String... entries) {
        return ConfigFactory.parseString("latnas.hardware.profiles = [" + String.join(",", entries) + "]");
    }

    @Test
    void readsAMinimalProfile() {
        HardwareCatalog small = HardwareCatalog.fromConfig(profiles(P40));
        assertThat(small.byId("p40").cacheMb()).isZero();
        assertThat(small.byId("p40").defaultSource()).isEqualTo("simulated");
    }

    @Test
    void rejectsDuplicateIds() {
        assertThatThrownBy(() -> HardwareCatalog.fromConfig(profiles(P40, P40)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'p40'").hasMessageContaining("more than once");
    }

    @Test
    void rejectsMissingField() {
        assertThatThrownBy(() -> HardwareCatalog.fromConfig(profiles(P40.replace("bandwidth-gbps = 346, ", ""))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("hardware profile 'p40': bandwidth-gbps is missing");
    }

    @Test
    void rejectsNonPositiveAndNonNumericNumbers() {
        assertThatThrownBy(() -> HardwareCatalog.fromConfig(profiles(P40.replace("memory-gb = 24", "memory-gb = 0"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("hardware profile 'p40': memory-gb must be a positive number, got 0");
        assertThatThrownBy(() -> HardwareCatalog.fromConfig(profiles(P40.replace("cores = 3840", "cores = many"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("hardware profile 'p40': cores must be a number, got 'many'");
    }

    @Test
    void rejectsUnknownKind() {
        assertThatThrownBy(() -> HardwareCatalog.fromConfig(profiles(P40.replace("kind = gpu", "kind = fpga"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("hardware profile 'p40': kind 'fpga' is not one of cpu, gpu, mobile");
    }

    @Test
    void rejectsMisspelledField() {
        assertThatThrownBy(() -> HardwareCatalog.fromConfig(profiles(P40.replace("}", ", bandwith-gbps = 1 }"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("hardware profile 'p40': unknown field 'bandwith-gbps'");
    }

    @Test
    void rejectsGpuPeakThatDisagreesWithCoresAndClock() {
        assertThatThrownBy(() -> HardwareCatalog.fromConfig(profiles(P40.replace("11800", "1180"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'p40'").hasMessageContaining("peak-fp32-gflops");
    }

    @Test
    void rejectsLookupTableDefaultWithoutTable() {
        assertThatThrownBy(() -> HardwareCatalog.fromConfig(profiles(P40.replace("}", ", default-source = lookup-table }"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("hardware profile 'p40': default-source is lookup-table but lookup-table-dir is missing");
    }

    @Test
    void namesProfileByPositionWhenIdIsMissing() {
        assertThatThrownBy(() -> HardwareCatalog.fromConfig(profiles(P40.replace("id = p40, ", ""))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("hardware profile #1: id is missing");
    }
}
