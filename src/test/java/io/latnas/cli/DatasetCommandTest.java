package io.latnas.cli;

import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyDataset;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DatasetCommandTest {

    private static Path shared(String relative) {
        return Path.of(System.getProperty("latnas.home", "."), "..", "shared", relative);
    }

    @Test
    void createWritesDistinctSimulatedRowsReproducibly(@TempDir Path dir) {
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        CliRun r = CliRun.of("dataset", "create", "--space", "ofa-mbv3-w1.0", "--hardware", "rtx2080ti", "--batch", "64",
                "--count", "500", "--seed", "3", "--out", a.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("wrote 500 rows").contains("rtx2080ti batch 64");
        CliRun.of("dataset", "create", "--space", "ofa-mbv3-w1.0", "--hardware", "rtx2080ti", "--batch", "64",
                "--count", "500", "--seed", "3", "--out", b.toString());
        LatencyDataset da = DatasetCsv.read(a, SearchSpaces.OFA_W10, "x");
        LatencyDataset db = DatasetCsv.read(b, SearchSpaces.OFA_W10, "x");
        assertThat(da.size()).isEqualTo(500);
        assertThat(da.duplicates()).isEmpty();
        assertThat(da.contentHash()).isEqualTo(db.contentHash());
        assertThat(da.records()).allSatisfy(rec -> {
            assertThat(rec.source()).isEqualTo("simulated");
            assertThat(rec.batchSize()).isEqualTo(64);
            assertThat(rec.latencyMs()).isPositive();
        });
        assertThat(dir.resolve("a.csv.partial")).doesNotExist();
    }

    @Test
    void note10UsesTheSharedLookupTableAtItsResolutions(@TempDir Path dir) {
        assumeTrue(Files.isDirectory(shared("data/note10-lut")), "shared Note10 table absent");
        Path out = dir.resolve("note10.csv");
        CliRun r = CliRun.of("dataset", "create", "--space", "ofa-mbv3-w1.2", "--hardware", "note10", "--count", "300",
                "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("covers r {160,164,...,224}");
        LatencyDataset ds = DatasetCsv.read(out, SearchSpaces.OFA_W12, "x");
        assertThat(ds.size()).isEqualTo(300);
        assertThat(ds.records()).allSatisfy(rec -> {
            assertThat(rec.source()).isEqualTo("lookup-table");
            assertThat(rec.architecture().resolution()).isBetween(160, 224);
        });
    }

    @Test
    void refusesToOverwriteAndLeavesTheFileAlone(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("keep.csv");
        Files.writeString(out, "precious");
        CliRun r = CliRun.of("dataset", "create", "--space", "ofa-mbv3-w1.0", "--hardware", "rtx2080ti", "--count", "5",
                "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("latnas: " + out + " already exists; choose another --out or remove it first");
        assertThat(Files.readString(out)).isEqualTo("precious");
    }

    @Test
    void badInputIsOneLineNamingIt(@TempDir Path dir) {
        String out = dir.resolve("x.csv").toString();
        assertThat(CliRun.of("dataset", "create", "--space", "ofa-mbv3-w1.0", "--hardware", "rtx9090", "--count", "5",
                "--out", out).err()).startsWith("latnas: unknown hardware id 'rtx9090'");
        CliRun width = CliRun.of("dataset", "create", "--space", "ofa-mbv3-w1.0", "--hardware", "note10", "--count", "5",
                "--out", out);
        assertThat(width.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(width.err().strip()).isEqualTo(
                "latnas: the note10 lookup table is for width 1.2 networks; space ofa-mbv3-w1.0 has width 1.0");
        assertThat(CliRun.of("dataset", "create", "--space", "ofa-mbv3-w1.0", "--hardware", "rtx2080ti", "--count", "5",
                "--source", "magic", "--out", out).err().strip())
                .isEqualTo("latnas: --source must be one of auto, simulated, lookup-table, replay; got 'magic'");
    }

    @Test
    void importsHelpOfaAsNineTargetsAndSummarisesThem(@TempDir Path dir) {
        Path help = shared("data/help-ofa/ofa_latency.csv");
        assumeTrue(Files.isRegularFile(help), "shared help-ofa data absent");
        Path out = dir.resolve("help.csv");
        CliRun r = CliRun.of("dataset", "import", help.toString(), "--space", "ofa-mbv3-w1.0", "--source-name",
                "replay:help-ofa", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("imported 45000 rows in 9 targets");
        assertThat(r.out()).contains("v100 batch 64").contains("titanxp batch 32").contains("rtx2080ti batch 1");
        CliRun stats = CliRun.of("dataset", "stats", out.toString(), "--space", "ofa-mbv3-w1.0");
        assertThat(stats.out()).contains("45000 rows, 9 targets").contains("0 duplicate rows");
        CliRun one = CliRun.of("dataset", "import", help.toString(), "--space", "ofa-mbv3-w1.0", "--hardware", "v100",
                "--batch", "1", "--out", dir.resolve("v100.csv").toString());
        assertThat(one.out()).contains("imported 5000 rows in 1 targets");
    }

    @Test
    void importRefusesDuplicatesUnlessAskedToDropThem(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("dup.csv");
        CliRun.of("dataset", "create", "--space", "ofa-mbv3-w1.0", "--hardware", "rtx2080ti", "--count", "3",
                "--out", in.toString());
        java.util.List<String> lines = Files.readAllLines(in);
        lines.add(lines.get(1));
        Files.write(in, lines);
        CliRun refused = CliRun.of("dataset", "import", in.toString(), "--space", "ofa-mbv3-w1.0", "--out",
                dir.resolve("o1.csv").toString());
        assertThat(refused.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(refused.err()).contains("repeats 1 (architecture, hardware, batch) rows");
        assertThat(dir.resolve("o1.csv")).doesNotExist();
        CliRun dropped = CliRun.of("dataset", "import", in.toString(), "--space", "ofa-mbv3-w1.0", "--drop-duplicates",
                "--out", dir.resolve("o2.csv").toString());
        assertThat(dropped.out()).contains("dropped 1 duplicate rows").contains("imported 3 rows");
    }

    @Test
    void unreadableCsvIsOneLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "ks,e,d,r,hardware,batch,latency_ms,source,measured_at\n3-3,oops\n");
        CliRun r = CliRun.of("dataset", "stats", bad.toString(), "--space", "ofa-mbv3-w1.0");
        assertThat(r.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.err()).contains("bad.csv").contains("line 2");
    }
}
