package io.latnas.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HardwareAndQuickstartCommandTest {

    @Test
    void listsTheCatalogByKind() {
        CliRun all = CliRun.of("hardware", "list");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).contains("note10").contains("xeon-gold-6148").contains("rtx2080ti").contains("p40");
        CliRun gpus = CliRun.of("hardware", "list", "--kind", "gpu");
        assertThat(gpus.out()).contains("v100").doesNotContain("note10");
        assertThat(CliRun.of("hardware", "show", "p40").out()).contains("346.0 GB/s");
    }

    @Test
    void unknownHardwareSuggestsCloseIds() {
        CliRun r = CliRun.of("hardware", "show", "rtx2080");
        assertThat(r.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(r.err()).startsWith("latnas: unknown hardware id 'rtx2080'; did you mean rtx2080ti");
    }

    @Test
    void quickstartGoesFromDatasetToPredictorToSearchThroughTheNodesActors(@TempDir Path dir) {
        Path out = dir.resolve("run");
        CliRun r = CliRun.of("quickstart", "--count", "300", "--epochs", "3", "--population", "12", "--generations", "4",
                "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("the dataset builder measured 300 architectures through the measurement actor")
                .contains("300 distinct architectures").contains("rtx2080ti batch 1");
        assertThat(r.out()).contains("[2] trained the paper's MLP").contains("held-out test: RMSE")
                .contains("served by the node's predictor pool as model quickstart-mlp");
        assertThat(r.out()).contains("[3] OFA evolutionary search by the search supervisor (population 12, 4 generations,"
                        + " predictor+memo)")
                .contains("chosen subnet    {\"ks\":").contains("reference").contains("SURROGATE");
        assertThat(out.resolve("dataset.csv")).isRegularFile();
        assertThat(out.resolve("predictor.zip")).isRegularFile();
        CliRun again = CliRun.of("quickstart", "--count", "300", "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
    }

    @Test
    void spacesListsAllFour() {
        assertThat(CliRun.of("spaces").out()).contains("ofa-mbv3-w1.0", "ofa-mbv3-w1.2", "compofa-fixed", "compofa-elastic");
    }
}
