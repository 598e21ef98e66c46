package io.latnas.cli;

import io.latnas.predictor.MlpLatencyPredictor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** train, evaluate, finetune and predict through the command line, on small simulated datasets. */
class PredictorCommandsTest {

    private static final String SPACE = "ofa-mbv3-w1.0";

    @TempDir
    static Path dir;

    private static Path gpu64;
    private static Path titan64;
    private static Path model;

    @BeforeAll
    static void trainOnce() {
        gpu64 = dir.resolve("gpu64.csv");
        titan64 = dir.resolve("titan64.csv");
        assertThat(CliRun.of("dataset", "create", "--space", SPACE, "--hardware", "rtx2080ti", "--batch", "64",
                "--count", "300", "--seed", "1", "--out", gpu64.toString()).exitCode()).isZero();
        assertThat(CliRun.of("dataset", "create", "--space", SPACE, "--hardware", "titanxp", "--batch", "64",
                "--count", "200", "--seed", "2", "--out", titan64.toString()).exitCode()).isZero();
        model = dir.resolve("gpu64.zip");
        CliRun r = CliRun.of("train", "--data", gpu64.toString(), "--space", SPACE, "--encoder", "paper128+cost",
                "--epochs", "3", "--out", model.toString(), "--plots", dir.resolve("plots").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    @Test
    void trainPrintsTheTestEvaluationAndSavesAReloadablePredictorWithPlots() throws Exception {
        MlpLatencyPredictor p = MlpLatencyPredictor.load(model);
        assertThat(p.encoderId()).isEqualTo("paper128+cost");
        assertThat(p.provenance().hardwareIds()).containsExactly("rtx2080ti");
        assertThat(p.provenance().batchSizes()).containsExactly(64);
        assertThat(p.provenance().trainRows() + p.provenance().validationRows() + p.provenance().testRows()).isEqualTo(300);
        try (var files = Files.list(dir.resolve("plots"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder(p.id() + "-loss.png", p.id() + "-scatter.png");
        }
    }

    @Test
    void trainRefusesToOverwriteAndUnknownEncoders() {
        CliRun again = CliRun.of("train", "--data", gpu64.toString(), "--space", SPACE, "--epochs", "1", "--out",
                model.toString());
        assertThat(again.exitCode()).isEqualTo(2);
        assertThat(again.err().lines().count()).isEqualTo(1);
        CliRun unknown = CliRun.of("train", "--data", gpu64.toString(), "--space", SPACE, "--encoder", "paper999",
                "--out", dir.resolve("x.zip").toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown encoder 'paper999'").contains("paper128+cost");
    }

    @Test
    void evaluateScoresTheModelOnItsOwnTarget() {
        CliRun r = CliRun.of("evaluate", "--model", model.toString(), "--data", gpu64.toString(), "--space", SPACE);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("on rtx2080ti batch 64: 300 rows, RMSE").contains("Kendall tau");
    }

    @Test
    void evaluateRefusesAModelTrainedForOtherHardware() {
        CliRun r = CliRun.of("evaluate", "--model", model.toString(), "--data", titan64.toString(), "--space", SPACE,
                "--hardware", "titanxp", "--batch", "64");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("latnas: model ").contains("trained for [rtx2080ti] batch [64], not titanxp batch 64");
        assertThat(r.err().lines().count()).isEqualTo(1);
    }

    @Test
    void finetuneAdaptsTheModelToAnotherTargetFromFewRows() throws Exception {
        Path tuned = dir.resolve("tuned.zip");
        CliRun r = CliRun.of("finetune", "--base", model.toString(), "--data", titan64.toString(), "--space", SPACE,
                "--samples", "50", "--epochs", "3", "--out", tuned.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("on 50 rows").contains("first 2 layers frozen").contains("fine-tuned on the test rows: 150 rows");
        MlpLatencyPredictor p = MlpLatencyPredictor.load(tuned);
        assertThat(p.provenance().fineTunedFrom()).contains(MlpLatencyPredictor.load(model).id());
        assertThat(p.provenance().hardwareIds()).containsExactly("titanxp");
        CliRun predict = CliRun.of("predict", "--model", tuned.toString(), "--space", SPACE, arches());
        assertThat(predict.exitCode()).as(predict.err()).isZero();
    }

    @Test
    void finetuneRefusesMoreSamplesThanTheFileHolds() {
        CliRun r = CliRun.of("finetune", "--base", model.toString(), "--data", titan64.toString(), "--space", SPACE,
                "--samples", "500", "--out", dir.resolve("too-many.zip").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("has 200 rows");
    }

    @Test
    void predictPrintsOneLatencyPerArchitectureFromJsonOrCsv() throws Exception {
        CliRun json = CliRun.of("predict", "--model", model.toString(), "--space", SPACE, arches());
        assertThat(json.exitCode()).as(json.err()).isZero();
        List<String> lines = json.out().lines().toList();
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(Double.parseDouble(l)).isPositive());
        Path csv = dir.resolve("archs.csv");
        Files.writeString(csv, "ks,e,d,r\n" + "7-5-0-0-7-7-0-0-5-7-0-0-5-3-0-0-5-3-5-0,6-4-0-0-6-3-0-0-3-6-0-0-3-6-0-0-6-4-3-0,"
                + "2-2-2-2-3,204\n");
        CliRun fromCsv = CliRun.of("predict", "--model", model.toString(), "--space", SPACE, "--hardware", "rtx2080ti",
                "--batch", "64", csv.toString());
        assertThat(fromCsv.exitCode()).as(fromCsv.err()).isZero();
        assertThat(fromCsv.out().lines()).hasSize(1);
    }

    @Test
    void theModelRecordsItsSpaceSoPredictNeedsNoSpaceOption() throws Exception {
        assertThat(MlpLatencyPredictor.load(model).provenance().space()).contains(SPACE);
        CliRun named = CliRun.of("predict", "--model", model.toString(), "--space", SPACE, arches());
        CliRun own = CliRun.of("predict", "--model", model.toString(), arches());
        assertThat(own.exitCode()).as(own.err()).isZero();
        assertThat(own.out()).isEqualTo(named.out());
    }

    @Test
    void predictRejectsBadInputWithOneLine() throws Exception {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"ks\": [3], \"e\": [3], \"d\": [2], \"r\": [160]}\nnot json\n");
        CliRun[] runs = {
                CliRun.of("predict", "--model", dir.resolve("missing.zip").toString(), "--space", SPACE, arches()),
                CliRun.of("predict", "--model", model.toString(), "--space", "no-such-space", arches()),
                CliRun.of("predict", "--model", model.toString(), "--space", "ofa-mbv3-w1.2", arches()),
                CliRun.of("predict", "--model", model.toString(), "--space", SPACE, "--hardware", "titanxp", arches()),
                CliRun.of("predict", "--model", model.toString(), "--space", SPACE, bad.toString()),
        };
        for (CliRun r : runs) {
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(r.err()).startsWith("latnas: ");
        }
        assertThat(runs[0].err()).contains("does not exist");
        assertThat(runs[2].err()).contains("width 1.0").contains("width 1.2");
        assertThat(runs[3].err()).contains("not titanxp batch 64");
        assertThat(runs[4].err()).contains("line 1");
    }

    @Test
    void hardwareAwareModelPredictsForACatalogGpuItNeverSaw() throws Exception {
        Path both = dir.resolve("two-gpus.csv");
        List<String> second = Files.readAllLines(titan64);
        Files.writeString(both, Files.readString(gpu64) + String.join("\n", second.subList(1, second.size())) + "\n");
        Path aware = dir.resolve("aware.zip");
        CliRun train = CliRun.of("train", "--data", both.toString(), "--space", SPACE, "--encoder", "paper131",
                "--epochs", "2", "--out", aware.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        CliRun v100 = CliRun.of("predict", "--model", aware.toString(), "--space", SPACE, "--hardware", "v100", arches());
        assertThat(v100.exitCode()).as(v100.err()).isZero();
        assertThat(v100.out().lines()).hasSize(2).allSatisfy(l -> assertThat(Double.parseDouble(l)).isPositive());
        CliRun unnamed = CliRun.of("predict", "--model", aware.toString(), "--space", SPACE, arches());
        assertThat(unnamed.exitCode()).isEqualTo(2);
        assertThat(unnamed.err()).contains("say which with --hardware");
        CliRun cpu = CliRun.of("predict", "--model", aware.toString(), "--space", SPACE, "--hardware", "xeon-gold-6148",
                arches());
        assertThat(cpu.exitCode()).isEqualTo(2);
        assertThat(cpu.err()).contains("exist only for GPUs");
    }

    private static String arches() {
        Path file = dir.resolve("archs.jsonl");
        if (!Files.exists(file)) {
            try {
                Files.writeString(file, """
                        {"ks": [3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3], "e": [3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3], "d": [2,2,2,2,2], "r": 160}
                        {"ks": [7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7], "e": [6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6,6], "d": [4,4,4,4,4], "r": 224}
                        """);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return file.toString();
    }
}
