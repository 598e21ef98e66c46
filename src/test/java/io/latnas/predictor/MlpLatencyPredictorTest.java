package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MlpLatencyPredictorTest {

    private static LatencySamples samples;
    private static MlpLatencyPredictor predictor;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnce() {
        samples = SyntheticLatencies.samples(300, 31);
        predictor = new MlpLatencyTrainer("paper128", MlpHyperParameters.paper().withEpochs(4)).train(samples);
    }

    @Test
    void savesToOneFileAndLoadsBackWithBitIdenticalOutputs() throws Exception {
        Path file = dir.resolve("predictor.zip");
        predictor.save(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).containsExactly("predictor.json", "network.zip");
        }
        MlpLatencyPredictor loaded = MlpLatencyPredictor.load(file);
        List<Architecture> archs = samples.architectures();
        assertThat(loaded.predictMs(archs, null, 1)).isEqualTo(predictor.predictMs(archs, null, 1));
        assertThat(loaded.id()).isEqualTo(predictor.id());
        assertThat(loaded.provenance()).isEqualTo(predictor.provenance());
        assertThat(loaded.normaliser()).isEqualTo(predictor.normaliser());
        assertThat(loaded.evaluation()).isEqualTo(predictor.evaluation());
        assertThat(loaded.lossCurve()).isEqualTo(predictor.lossCurve());
        assertThat(loaded.encoderId()).isEqualTo("paper128");
        assertThat(loaded.hiddenSizes()).containsExactly(400, 400);
    }

    @Test
    void fineTunedAndHardwareAwarePredictorsRoundTripToo() throws Exception {
        double[] gpu = {4352, 11, 616};
        LatencySamples.Builder b = LatencySamples.builder();
        for (int i = 0; i < samples.size(); i++) {
            b.add(samples.architecture(i), "2080ti", gpu, 64, 3 * samples.latencyMs(i));
        }
        LatencySamples target = b.build();
        MlpLatencyPredictor aware = new MlpLatencyTrainer("paper131", MlpHyperParameters.paper().withEpochs(2))
                .train(target);
        MlpLatencyPredictor tuned = MlpLatencyTrainer.fineTune(aware, target, MlpHyperParameters.paper().withEpochs(2));
        Path file = dir.resolve("tuned.zip");
        tuned.save(file);
        MlpLatencyPredictor loaded = MlpLatencyPredictor.load(file);
        assertThat(loaded.predictMs(target)).isEqualTo(tuned.predictMs(target));
        assertThat(loaded.provenance().hardwareScaling()).isEqualTo(aware.provenance().hardwareScaling());
        assertThat(loaded.provenance().fineTunedFrom()).contains(aware.id());
        assertThat(loaded.provenance().batchSizes()).containsExactly(64);
    }

    @Test
    void batchedPredictionsMatchOneAtATime() {
        List<Architecture> archs = samples.architectures().subList(0, 20);
        double[] batched = predictor.predictMs(archs, null, 1);
        for (int i = 0; i < archs.size(); i++) {
            assertThat(predictor.predictMs(archs.get(i), null, 1)).isCloseTo(batched[i], within(1e-4 * batched[i]));
        }
        assertThat(predictor.predictMs(List.of(), null, 1)).isEmpty();
        assertThat(predictor.predictMs(samples)).isEqualTo(predictor.predictMs(samples.architectures(), null, 1));
    }

    @Test
    void forwardPassComputesWhatDl4jComputes() {
        for (int rows : new int[] {1, 7, 300}) {
            float[] features = MlpLatencyPredictor.encode(predictor.encoder(), samples.head(rows));
            float[] ours = predictor.outputs(features, rows);
            float[] dl4j = predictor.dl4jOutputs(features, rows);
            assertThat(ours).hasSize(rows);
            for (int i = 0; i < rows; i++) {
                assertThat(ours[i]).isCloseTo(dl4j[i], within(1e-5f));
            }
        }
    }

    @Test
    void evaluatesOnRowsItIsGiven() {
        Evaluation e = predictor.evaluate(samples);
        assertThat(e.count()).isEqualTo(samples.size());
        assertThat(e.rmseMs()).isPositive();
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
        List<Architecture> archs = samples.architectures();
        double[] expected = predictor.predictMs(archs, null, 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        if (!java.util.Arrays.equals(predictor.predictMs(archs, null, 1), expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void refusesFilesThatAreNotPredictors() throws Exception {
        Path notZip = dir.resolve("model.zip");
        Files.writeString(notZip, "not a zip");
        assertThatThrownBy(() -> MlpLatencyPredictor.load(notZip))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not a predictor file");
        assertThatThrownBy(() -> MlpLatencyPredictor.load(dir.resolve("missing.zip")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist");
    }
}
