package io.latnas.cli;

import io.latnas.predictor.MlpLatencyPredictor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TuneCommandTest {

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void tinyDataset() {
        data = dir.resolve("tiny.csv");
        CliRun r = CliRun.of("dataset", "create", "--space", "ofa-mbv3-w1.0", "--hardware", "rtx2080ti", "--batch", "64",
                "--count", "200", "--seed", "5", "--out", data.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static CliRun tune(Path out) {
        return CliRun.of("tune", "--data", data.toString(), "--space", "ofa-mbv3-w1.0",
                "--grid", "lr=0.03,0.003;wd=1e-4;m=0.9", "--eta", "2", "--grace", "1", "--max-epochs", "4",
                "--parallel", "2", "--full-grid", "2", "--out", out.toString());
    }

    @Test
    void printsEveryTrialTheWinnerAndTheFullGridComparisonAndSavesTheBestPredictor() throws Exception {
        Path out = dir.resolve("best.zip");
        CliRun r = tune(out);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("2 configurations", "rungs [1, 2, 4] epochs")
                .contains("lr=0.03 wd=1.0E-4 m=0.9").contains("lr=0.003 wd=1.0E-4 m=0.9")
                .contains("<- best")
                .contains("asha: best").contains("full grid: 2 of 2 configurations to 4 epochs")
                .contains("comparison: ASHA").contains("saved mlp-");
        assertThat(Files.exists(out)).isTrue();
        MlpLatencyPredictor p = MlpLatencyPredictor.load(out);
        assertThat(p.provenance().hyperParameters().weightDecay()).isEqualTo(1e-4);
        assertThat(p.provenance().hardwareIds()).containsExactly("rtx2080ti");
    }

    @Test
    void sameSeedPicksTheSameConfiguration() {
        CliRun a = tune(dir.resolve("a.zip"));
        CliRun b = tune(dir.resolve("b.zip"));
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(bestLine(a.out())).isEqualTo(bestLine(b.out()));
    }

    @Test
    void rejectsABadGridAsBadInput() {
        CliRun r = CliRun.of("tune", "--data", data.toString(), "--space", "ofa-mbv3-w1.0", "--grid", "lr=fast",
                "--out", dir.resolve("x.zip").toString());
        assertThat(r.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(r.err()).contains("fast");
    }

    private static String bestLine(String out) {
        return out.lines().filter(l -> l.startsWith("asha: best")).findFirst().orElseThrow()
                .replaceAll(" in [0-9.]+ s$", "");
    }
}
