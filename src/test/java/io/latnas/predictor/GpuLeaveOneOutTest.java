package io.latnas.predictor;

import com.typesafe.config.ConfigFactory;
import io.latnas.encoding.GpuGeneralisedEncoder;
import io.latnas.generalise.CatalogGpuPredictor;
import io.latnas.generalise.GpuRows;
import io.latnas.generalise.HeldOutResult;
import io.latnas.generalise.LeaveOneGpuOut;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.hardware.HardwareProfile;
import io.latnas.latency.SimulationSettings;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Leave-one-GPU-out on a handful of simulated catalog GPUs, small enough for a unit test. */
class GpuLeaveOneOutTest {

    private static HardwareCatalog catalog;
    private static SimulationSettings simulation;
    private static LatencySamples folds;
    private static LatencySamples shots;
    private static LatencySamples scored;
    private static List<LeaveOneGpuOut.Fold> results;

    @BeforeAll
    static void runTinyLeaveOneOut() {
        catalog = HardwareCatalog.fromConfig(ConfigFactory.load());
        simulation = SimulationSettings.fromConfig(ConfigFactory.load());
        List<HardwareProfile> gpus = List.of("rtx3060", "rtx3080", "a10", "t4").stream().map(catalog::byId).toList();
        List<Integer> batches = List.of(1, 64);
        folds = GpuRows.simulated(gpus, SearchSpaces.OFA_W10, simulation, 60, batches, 1);
        shots = GpuRows.simulated(gpus, SearchSpaces.OFA_W10, simulation, 20, batches, 2);
        scored = GpuRows.simulated(gpus, SearchSpaces.OFA_W10, simulation, 30, batches, 3);
        LatencySamples background = GpuRows.simulated(List.of(catalog.byId("rtx3090"), catalog.byId("l4")),
                SearchSpaces.OFA_W10, simulation, 60, batches, 4);
        MlpHyperParameters hp = MlpHyperParameters.paper().withHiddenSizes(List.of(64, 64))
                .withOptimiser(MlpHyperParameters.Optimiser.ADAM).withLearningRate(3e-3).withEpochs(25)
                .withBatchSize(64).withTargetScale(TargetNormaliser.Scale.LOG_STANDARD).withSeed(11);
        LeaveOneGpuOut loo = new LeaveOneGpuOut(GpuGeneralisedEncoder.ID, hp, List.of(5, 10));
        results = List.of(loo.fold("a10", background, folds, shots, scored),
                loo.fold("t4", background, folds, shots, scored));
    }

    @Test
    void everyHeldOutGpuGetsZeroAndFewShotRowsPerBatchWithSaneMetrics() {
        for (LeaveOneGpuOut.Fold fold : results) {
            assertThat(fold.predictor().provenance().hardwareIds()).doesNotContain(fold.gpuId());
            assertThat(fold.results()).extracting(HeldOutResult::batchSize).containsOnly(1, 64);
            assertThat(fold.results()).extracting(HeldOutResult::shots).containsExactly(0, 5, 10, 0, 5, 10);
            for (HeldOutResult r : fold.results()) {
                assertThat(r.evaluation().count()).isEqualTo(30);
                assertThat(r.evaluation().rmseMs()).isFinite().isPositive();
                assertThat(r.evaluation().rmsePercent()).isBetween(0.0, 100.0);
                // Even this tiny model ranks architectures on a GPU it never saw better than chance.
                assertThat(r.evaluation().kendallTau()).isPositive();
                assertThat(r.scale()).isPositive();
            }
        }
    }

    @Test
    void savedAndReloadedPredictorGivesTheSameLatencyForAnUnseenCatalogGpu(@TempDir Path dir) throws Exception {
        MlpLatencyPredictor trained = results.get(0).predictor();
        Path file = dir.resolve("gpu.zip");
        trained.save(file);
        MlpLatencyPredictor loaded = MlpLatencyPredictor.load(file);
        assertThat(loaded.encoderId()).isEqualTo(GpuGeneralisedEncoder.ID);
        assertThat(loaded.provenance().hardwareScaling()).isEqualTo(trained.provenance().hardwareScaling());

        List<Architecture> archs = List.of(SearchSpaces.OFA_W10.sample(new SplittableRandom(9)),
                SearchSpaces.OFA_W10.sample(new SplittableRandom(10)));
        CatalogGpuPredictor before = new CatalogGpuPredictor(trained, catalog);
        CatalogGpuPredictor after = new CatalogGpuPredictor(loaded, catalog);
        for (String unseen : List.of("a100-40gb", "rtx4090")) {
            assertThat(after.predictMs(unseen, archs, 64)).containsExactly(before.predictMs(unseen, archs, 64));
        }
        // A faster GPU by its specs is predicted faster.
        assertThat(after.predictMs("h100-sxm", archs, 64)[0]).isLessThan(after.predictMs("t4", archs, 64)[0]);
    }
}
