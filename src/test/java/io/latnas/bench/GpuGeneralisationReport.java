package io.latnas.bench;

import io.latnas.config.LatnasSettings;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyDataset;
import io.latnas.encoding.GpuGeneralisedEncoder;
import io.latnas.generalise.CatalogGpuPredictor;
import io.latnas.generalise.GpuRows;
import io.latnas.generalise.HeldOutResult;
import io.latnas.generalise.LeaveOneGpuOut;
import io.latnas.hardware.HardwareProfile;
import io.latnas.predictor.Evaluation;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.NativeThreads;
import io.latnas.predictor.TargetNormaliser;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Leave-one-GPU-out report for the {@code gpu-generalised} predictor (paper §4.3, §5.5): trains on
 * simulated catalog GPUs (all but the help-ofa three) plus two measured help-ofa GPUs, and scores on
 * the third, zero-shot and with k-shot scale calibration. Prints a Markdown table.
 *
 * <pre>scripts/gpu-generalisation [simulated-archs-per-gpu] [help-ofa-train-rows] [epochs] [threads]</pre>
 *
 * Help-ofa rows 0..N-1 train, 3000..3999 are the pool for few-shot samples, 4000..4999 are scored.
 */
public final class GpuGeneralisationReport {

    private static final Set<String> HELP_OFA_GPUS = Set.of("rtx2080ti", "titanxp", "v100");
    private static final List<Integer> BATCHES = List.of(1, 32, 64);
    private static final List<Integer> SHOTS = List.of(5, 10, 20);

    private GpuGeneralisationReport() {
    }

    public static void main(String[] args) throws Exception {
        int simulatedPerGpu = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int realTrainRows = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int epochs = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        NativeThreads.use(args.length > 3 ? Integer.parseInt(args[3]) : 2);
        long started = System.nanoTime();

        LatnasSettings settings = LatnasSettings.load();
        SearchSpace space = SearchSpaces.OFA_W10;
        List<HardwareProfile> simulatedGpus = settings.hardware().gpus().stream()
                .filter(g -> !HELP_OFA_GPUS.contains(g.id())).toList();
        LatencySamples simulated = GpuRows.simulated(simulatedGpus, space, settings.simulation(), simulatedPerGpu,
                BATCHES, 7);
        LatencyDataset helpOfa = DatasetCsv.read(settings.shared("data/help-ofa/ofa_latency.csv"), space, "help-ofa");
        LatencySamples train = GpuRows.measured(helpOfa, settings.hardware(), id -> id < realTrainRows);
        LatencySamples shots = GpuRows.measured(helpOfa, settings.hardware(), id -> id >= 3000 && id < 4000);
        LatencySamples scored = GpuRows.measured(helpOfa, settings.hardware(), id -> id >= 4000);

        MlpHyperParameters hp = MlpHyperParameters.paper()
                .withHiddenSizes(List.of(256, 256))
                .withOptimiser(MlpHyperParameters.Optimiser.ADAM)
                .withLearningRate(1e-3)
                .withWeightDecay(1e-5)
                .withBatchSize(128)
                .withEpochs(epochs)
                .withEarlyStoppingPatience(8)
                .withTargetScale(TargetNormaliser.Scale.LOG_STANDARD)
                .withSeed(42);
        System.out.printf("simulated: %d catalog GPUs x %d architectures x batch %s = %d rows (%s)%n",
                simulatedGpus.size(), simulatedPerGpu, BATCHES, simulated.size(),
                String.join(", ", simulated.hardwareIdSet()));
        System.out.printf("help-ofa: rows 0..%d of the two training GPUs (%d rows over all three), shot pool rows "
                + "3000..3999, scored rows 4000..4999%n", realTrainRows - 1, train.size());
        System.out.printf("model: %s, hidden %s, Adam lr %s, wd %s, batch %d, up to %d epochs (patience %d), "
                        + "log-standardised target%n%n", GpuGeneralisedEncoder.ID, hp.hiddenSizes(), hp.learningRate(),
                hp.weightDecay(), hp.batchSize(), hp.epochs(), hp.earlyStoppingPatience());

        List<LeaveOneGpuOut.Fold> folds = new LeaveOneGpuOut(GpuGeneralisedEncoder.ID, hp, SHOTS)
                .run(simulated, train, shots, scored);
        System.out.println("| held-out GPU | batch | shots | scale | RMSE ms | RMSE % | Kendall tau | within 10% |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (LeaveOneGpuOut.Fold fold : folds) {
            for (HeldOutResult r : fold.results()) {
                Evaluation e = r.evaluation();
                System.out.printf(Locale.ROOT, "| %s | %d | %s | %.3f | %.3f | %.1f | %.3f | %.1f%% |%n", r.gpuId(),
                        r.batchSize(), r.shots() == 0 ? "0 (zero-shot)" : String.valueOf(r.shots()), r.scale(),
                        e.rmseMs(), e.rmsePercent(), e.kendallTau(), 100 * e.within10Percent());
            }
        }
        System.out.println();
        for (LeaveOneGpuOut.Fold fold : folds) {
            System.out.printf("fold %s: predictor %s, %d epochs (best %d), own test split %s%n", fold.gpuId(),
                    fold.predictor().id(), fold.predictor().lossCurve().epochs(), fold.predictor().lossCurve().bestEpoch(),
                    fold.predictor().evaluation().summary());
        }

        // The last fold's predictor, saved and reloaded, asked about catalog GPUs by id alone.
        LeaveOneGpuOut.Fold last = folds.get(folds.size() - 1);
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "gpu-generalised-" + last.gpuId() + ".zip");
        java.nio.file.Files.deleteIfExists(file);
        last.predictor().save(file);
        CatalogGpuPredictor byId = new CatalogGpuPredictor(io.latnas.predictor.MlpLatencyPredictor.load(file),
                settings.hardware());
        var arch = scored.architecture(0);
        System.out.printf("%nsaved %s; reloaded, architecture %s at batch 64:%n", file, arch);
        for (String gpu : List.of(last.gpuId(), "a100-40gb", "t4", "rtx4090")) {
            System.out.printf(Locale.ROOT, "  %-10s %.3f ms%n", gpu, byId.predictMs(gpu, List.of(arch), 64)[0]);
        }
        System.out.printf(Locale.ROOT, "%nwall time %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
}
