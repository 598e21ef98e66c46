package io.latnas.predictor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PredictorPlotsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @Test
    void drawsLossCurveScatterAndSizeCurveAsPngFiles() throws Exception {
        LatencySamples samples = SyntheticLatencies.samples(300, 41);
        SampleSplit split = SampleSplit.random(samples, 1);
        MlpLatencyTrainer trainer = new MlpLatencyTrainer("paper128",
                MlpHyperParameters.paper().withHiddenSizes(List.of(64, 64)).withEpochs(5));
        MlpLatencyPredictor p = trainer.train(split);

        Path loss = dir.resolve("loss.png");
        PredictorPlots.lossCurve(p.lossCurve(), "synthetic", loss);
        Path scatter = dir.resolve("plots/scatter.png");
        PredictorPlots.predictedVsMeasured(split.test().latenciesMs(), p.predictMs(split.test()), "synthetic", scatter);
        SizeCurve sizes = SizeCurve.measure(trainer, split, 50, 100, 210);
        Path size = dir.resolve("size.png");
        PredictorPlots.sizeCurve(sizes, "synthetic", size);

        for (Path png : List.of(loss, scatter, size)) {
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes.length).as(png.toString()).isGreaterThan(2000);
            assertThat(java.util.Arrays.copyOf(bytes, 8)).isEqualTo(PNG_SIGNATURE);
        }
        assertThat(sizes.points()).extracting(SizeCurve.Point::trainRows).containsExactly(50, 100, 210);
        assertThat(sizes.points()).allSatisfy(pt -> assertThat(pt.evaluation().count()).isEqualTo(45));
    }
}
