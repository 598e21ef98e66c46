package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.encoding.ArchitectureEncoder;
import io.latnas.encoding.CostEncoder;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncodersTest {

    @TempDir
    Path dir;

    private final LatencySamples samples = SyntheticLatencies.samples(200, 5);

    @Test
    void everyRegisteredEncoderTrainsSavesAndReloadsWithIdenticalOutputs() throws Exception {
        for (String id : List.of("paper128", "paper128+res", "cost", "paper128+cost")) {
            ArchitectureEncoder enc = Encoders.forTraining(id, SearchSpaces.OFA_W10, samples);
            MlpLatencyPredictor p = new MlpLatencyTrainer(enc, MlpHyperParameters.paper().withEpochs(2)).train(samples);
            Path file = dir.resolve(id + ".zip");
            p.save(file);
            MlpLatencyPredictor loaded = MlpLatencyPredictor.load(file);
            assertThat(loaded.encoderId()).isEqualTo(id);
            assertThat(loaded.provenance()).isEqualTo(p.provenance());
            assertThat(loaded.predictMs(samples)).isEqualTo(p.predictMs(samples));
        }
    }

    @Test
    void costEncodersRecordTheirFittedScalingWithTheModel() throws Exception {
        ArchitectureEncoder enc = Encoders.forTraining("paper128+cost", SearchSpaces.OFA_W10, samples);
        MlpLatencyPredictor p = new MlpLatencyTrainer(enc, MlpHyperParameters.paper().withEpochs(1)).train(samples);
        assertThat(p.provenance().costScaling()).isEqualTo(((CostEncoder) enc).features());
        assertThat(p.provenance().costScaling().widthMultiplier()).isEqualTo(1.0);
    }

    @Test
    void filesWrittenBeforeCostScalingExistedStillLoad() throws Exception {
        MlpLatencyPredictor p = new MlpLatencyTrainer("paper128", MlpHyperParameters.paper().withEpochs(1)).train(samples);
        Path file = dir.resolve("new.zip");
        p.save(file);
        Path old = dir.resolve("old.zip");
        try (InputStream in = Files.newInputStream(file); ZipInputStream zin = new ZipInputStream(in);
             OutputStream out = Files.newOutputStream(old); ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                byte[] bytes = zin.readAllBytes();
                if (e.getName().equals("predictor.json")) {
                    String json = new String(bytes, StandardCharsets.UTF_8);
                    assertThat(json).contains("\"costScaling\" : null");
                    bytes = json.replace(",\n    \"costScaling\" : null", "").getBytes(StandardCharsets.UTF_8);
                    assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("costScaling");
                }
                zout.putNextEntry(new ZipEntry(e.getName()));
                zout.write(bytes);
                zout.closeEntry();
            }
        }
        MlpLatencyPredictor loaded = MlpLatencyPredictor.load(old);
        assertThat(loaded.predictMs(samples)).isEqualTo(p.predictMs(samples));
        assertThat(loaded.provenance().costScaling()).isNull();
    }

    @Test
    void rejectsUnknownIdsNamingTheKnownOnes() {
        assertThatThrownBy(() -> Encoders.requireKnown("paper999"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("paper128+res").hasMessageContaining("paper128+cost");
    }

    @Test
    void datasetRowsKeepTheDatasetsContentHash() {
        List<LatencyRecord> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(new LatencyRecord(samples.architecture(i), "rtx2080ti", 64, samples.latencyMs(i), "simulated",
                    Instant.EPOCH));
        }
        LatencyDataset ds = LatencyDataset.of(SearchSpaces.OFA_W10.id(), records);
        LatencySamples rows = DatasetSamples.of(ds);
        assertThat(rows.datasetHash()).isEqualTo(ds.contentHash());
        assertThat(rows.size()).isEqualTo(20);
        assertThat(rows.hardwareFeatures(0)).isNull();
        LatencySamples withGpu = DatasetSamples.of(ds, id -> new double[] {4352, 11, 616});
        assertThat(withGpu.hardwareFeatures(3)).containsExactly(4352, 11, 616);
        assertThat(withGpu.hardwareIdSet()).containsExactly("rtx2080ti");
    }
}
