package io.latnas.cli;

import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyDataset;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Real DL4J measurement, kept tiny: the smallest resolution, no warm-up, one timed pass, one thread. */
class MeasureAndLutCommandTest {

    private static final String[] TINY = {"--resolutions", "128", "--warmup", "0", "--runs", "1", "--threads", "1"};

    private static CliRun measure(Path out, int count) {
        List<String> args = new java.util.ArrayList<>(List.of("measure", "--space", "ofa-mbv3-w1.0", "--count",
                Integer.toString(count), "--seed", "5", "--out", out.toString()));
        args.addAll(List.of(TINY));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void measuresRealLatenciesWithHowTheyWereMeasuredAndResumesWithoutDuplicates(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("local.csv");
        CliRun first = measure(out, 2);
        assertThat(first.exitCode()).as(first.err()).isZero();
        LatencyDataset ds = DatasetCsv.read(out, SearchSpaces.OFA_W10, "x");
        assertThat(ds.size()).isEqualTo(2);
        assertThat(ds.records()).allSatisfy(r -> {
            assertThat(r.hardwareId()).isEqualTo("local");
            assertThat(r.latencyMs()).isBetween(0.01, 60_000.0);
            assertThat(r.source()).startsWith("measured:dl4j cpu=").contains("threads=1").contains("backend=")
                    .contains("jvm=").contains("runs=1");
            assertThat(r.architecture().resolution()).isEqualTo(128);
        });

        // A run killed mid-row leaves a torn last line; the rerun drops it and measures only what is missing.
        Files.writeString(out, Files.readString(out) + "3-3-3,6-6");
        CliRun resumed = measure(out, 3);
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("has 2 of the 3 subnets; measuring the other 1");
        LatencyDataset after = DatasetCsv.read(out, SearchSpaces.OFA_W10, "x");
        assertThat(after.size()).isEqualTo(3);
        assertThat(after.duplicates()).isEmpty();
        assertThat(after.records().subList(0, 2)).isEqualTo(ds.records());

        CliRun again = measure(out, 3);
        assertThat(again.out()).contains("nothing to measure");
    }

    @Test
    void repeatReportsTheNoiseFloor() {
        List<String> args = new java.util.ArrayList<>(List.of("measure", "--space", "ofa-mbv3-w1.0", "--count", "2",
                "--repeat", "2"));
        args.addAll(List.of(TINY));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("noise floor on local: 2 subnets x 2 repeats").contains("RMSE between repeats")
                .contains("Kendall tau");
    }

    @Test
    void aTableBuiltHereAnswersForTheSubnetsItWasBuiltFor(@TempDir Path dir) {
        Path table = dir.resolve("lut");
        String[] build = {"lut", "build", "--space", "compofa-fixed", "--resolutions", "160", "--subnets", "2", "--seed", "1",
                "--warmup", "0", "--runs", "1", "--threads", "1", "--out", table.toString()};
        CliRun built = CliRun.of(build);
        assertThat(built.exitCode()).as(built.err()).isZero();
        assertThat(built.out()).contains("lookup table of compofa-fixed on local at r=[160]");
        assertThat(table.resolve("160_lookup_table.yaml")).isRegularFile();
        CliRun check = CliRun.of("lut", "check", "--space", "compofa-fixed", "--table", table.toString(), "--count", "2",
                "--seed", "1", "--warmup", "0", "--runs", "1", "--threads", "1");
        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("lookup-table sum vs measured over 2 subnets: RMSE");
        CliRun unknown = CliRun.of("lut", "check", "--space", "compofa-fixed", "--table", table.toString(), "--count", "2",
                "--seed", "99", "--warmup", "0", "--runs", "1");
        assertThat(unknown.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(unknown.err()).contains("160_lookup_table.yaml").doesNotContain("\tat ");
    }

    @Test
    void measuresThroughAnExternalMeterFromTheConfiguration(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(python3(), "python3 is not on the PATH");
        Path script = dir.resolve("fake_meter.py");
        try (var in = MeasureAndLutCommandTest.class.getResourceAsStream("/io/latnas/measure/external/fake_meter.py")) {
            Files.copy(in, script);
        }
        java.util.Map<String, String> props = java.util.Map.of(
                "latnas.meters.external.fake.hardware", "fake-phone",
                "latnas.meters.external.fake.command.0", "python3",
                "latnas.meters.external.fake.command.1", script.toString());
        props.forEach(System::setProperty);
        com.typesafe.config.ConfigFactory.invalidateCaches();
        try {
            Path out = dir.resolve("phone.csv");
            CliRun r = CliRun.of("measure", "--space", "ofa-mbv3-w1.2", "--count", "3", "--meter", "fake", "--out",
                    out.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            LatencyDataset ds = DatasetCsv.read(out, SearchSpaces.OFA_W12, "x");
            assertThat(ds.size()).isEqualTo(3);
            assertThat(ds.records()).allSatisfy(rec -> {
                assertThat(rec.hardwareId()).isEqualTo("fake-phone");
                assertThat(rec.source()).isEqualTo("external:fake");
                // the fake meter answers sum(ks*e over active layers) * r / 100 * batch
                int sum = 0;
                for (int l = 0; l < 20; l++) {
                    sum += rec.architecture().kernelSize(l) * rec.architecture().expandRatio(l);
                }
                assertThat(rec.latencyMs()).isCloseTo(sum * rec.architecture().resolution() / 100.0,
                        org.assertj.core.api.Assertions.within(1e-6));
            });
            CliRun unknown = CliRun.of("measure", "--space", "ofa-mbv3-w1.2", "--count", "1", "--meter", "nope", "--out",
                    dir.resolve("x.csv").toString());
            assertThat(unknown.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
            assertThat(unknown.err()).contains("nope");
        } finally {
            props.keySet().forEach(System::clearProperty);
            com.typesafe.config.ConfigFactory.invalidateCaches();
        }
    }

    private static boolean python3() {
        try {
            return new ProcessBuilder("python3", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void measureNeedsAnOutputUnlessRepeating() {
        CliRun r = CliRun.of("measure", "--space", "ofa-mbv3-w1.0", "--count", "2");
        assertThat(r.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("latnas: --out is required (or --repeat K for the noise floor)");
    }
}
