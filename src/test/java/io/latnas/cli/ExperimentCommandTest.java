package io.latnas.cli;

import io.latnas.config.LatnasSettings;
import io.latnas.dataset.DatasetCreator;
import io.latnas.encoding.Paper128Encoder;
import io.latnas.latency.SimulatedDevice;
import io.latnas.predictor.DatasetSamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.SampleSplit;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ExperimentCommandTest {

    private static final String[] TINY = {"--population", "6", "--generations", "2", "--dataset-size", "100",
            "--epochs", "1", "--estimate-calls", "5"};

    private static CliRun nas(String... args) {
        String[] all = new String[2 + TINY.length + args.length];
        all[0] = "experiment";
        all[1] = "nas";
        System.arraycopy(TINY, 0, all, 2, TINY.length);
        System.arraycopy(args, 0, all, 2 + TINY.length, args.length);
        return CliRun.of(all);
    }

    @Test
    void writesTheTableTheCsvAndThePlots(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("nas");
        CliRun r = nas("--hardware", "rtx2080ti", "--spaces", "compofa-fixed", "--strategies", "measured,predictor+memo",
                "--constraints", "5,1000", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("SURROGATE").contains("| compofa-fixed | measured | 1000.0 | FOUND")
                .contains("| compofa-fixed | predictor+memo | 5.0 |").contains("µs per estimate");
        assertThat(Files.readString(out.resolve("results.md"))).contains("| compofa-fixed | predictor+memo | 1000.0");
        assertThat(Files.readAllLines(out.resolve("results.csv"))).hasSize(5).first().asString()
                .startsWith("hardware,space,strategy,constraint_ms");
        assertThat(out.resolve("accuracy-compofa-fixed.png")).isRegularFile();
        assertThat(out.resolve("search-time.png")).isRegularFile();

        CliRun again = nas("--hardware", "rtx2080ti", "--spaces", "compofa-fixed", "--out", out.toString());
        assertThat(again.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void badSpacesStrategiesAndHardwareAreOneLineErrors(@TempDir Path dir) {
        CliRun lut = nas("--hardware", "rtx2080ti", "--strategies", "lookup-table", "--out", dir.resolve("a").toString());
        assertThat(lut.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(lut.err()).isEqualTo("latnas: hardware rtx2080ti has no lookup table; strategies for rtx2080ti: "
                + "measured, predictor, predictor+memo" + System.lineSeparator());
        assertThat(dir.resolve("a")).doesNotExist();

        CliRun strategy = nas("--strategies", "memo", "--out", dir.resolve("b").toString());
        assertThat(strategy.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(strategy.err()).startsWith("latnas: unknown latency strategy 'memo'; known: lookup-table");

        CliRun space = nas("--hardware", "rtx2080ti", "--spaces", "ofa-mbv4", "--out", dir.resolve("c").toString());
        assertThat(space.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(space.err()).startsWith("latnas: ").contains("ofa-mbv4").hasLineCount(1);

        CliRun width = nas("--hardware", "note10", "--spaces", "ofa-mbv3-w1.0", "--out", dir.resolve("e").toString());
        assertThat(width.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(width.err()).isEqualTo("latnas: the note10 lookup table is for width 1.2 networks; space ofa-mbv3-w1.0"
                + " has width 1.0" + System.lineSeparator());

        CliRun population = CliRun.of("experiment", "nas", "--population", "0", "--out", dir.resolve("d").toString());
        assertThat(population.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(population.err()).startsWith("latnas: --population must be positive; got 0");
    }

    @Test
    void aSavedPredictorServesTheSpaceItWasTrainedOn(@TempDir Path dir) throws Exception {
        LatnasSettings settings = LatnasSettings.load();
        SimulatedDevice device = SimulatedDevice.forSpace(settings.hardware().byId("rtx2080ti"), SearchSpaces.COMPOFA_FIXED,
                settings.simulation());
        Path model = dir.resolve("fixed.zip");
        new MlpLatencyTrainer(Paper128Encoder.ID, MlpHyperParameters.paper().withEpochs(1))
                .train(SampleSplit.random(DatasetSamples.of(new DatasetCreator(SearchSpaces.COMPOFA_FIXED, device)
                        .createDataset(1, 60, 1)), 1))
                .save(model);

        CliRun r = nas("--hardware", "rtx2080ti", "--predictor", model.toString(), "--strategies", "predictor",
                "--constraints", "1000", "--out", dir.resolve("run").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("| compofa-fixed | predictor | 1000.0 | FOUND").contains("loaded from " + model)
                .doesNotContain("ofa-mbv3-w1.0");

        CliRun wider = nas("--hardware", "rtx2080ti", "--predictor", model.toString(), "--spaces", "ofa-mbv3-w1.0",
                "--out", dir.resolve("wider").toString());
        assertThat(wider.exitCode()).isEqualTo(LatnasCli.EXIT_BAD_INPUT);
        assertThat(wider.err()).contains("was trained on compofa-fixed (width 1.2); ofa-mbv3-w1.0 has width 1.0");
    }
}
