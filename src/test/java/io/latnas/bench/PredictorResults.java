package io.latnas.bench;

import io.latnas.config.LatnasSettings;
import io.latnas.dataset.DatasetCreator;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.DatasetSplit;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.dataset.Target;
import io.latnas.encoding.ArchitectureEncoder;
import io.latnas.hardware.HardwareProfile;
import io.latnas.latency.LatencySource;
import io.latnas.latency.LatencySources;
import io.latnas.predictor.DatasetSamples;
import io.latnas.predictor.Encoders;
import io.latnas.predictor.Evaluation;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpHyperParameters;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.MlpLatencyTrainer;
import io.latnas.predictor.NativeThreads;
import io.latnas.predictor.SampleSplit;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The predictor results of docs/RESULTS.md (not a unit test; minutes on 2 cores): paper128 and the
 * richer encoders on every help-ofa column (train ids 0..3,999 split 85/15, test 4,000..4,999) and on
 * two simulated devices, the fine-tune curve (paper Fig. 5b) and the training-set-size curve (Fig. 4b).
 *
 * <pre>scripts/results [columns|simulated|finetune|size|residuals|all] [epochs] [encoders...]</pre>
 */
public final class PredictorResults {

    private static final long SEED = 42;
    private static final double TRAIN_FRACTION = 0.85;
    private static final int[] FINE_TUNE_SIZES = {25, 50, 100, 200, 400, 700};
    private static final int[] TRAIN_SIZES = {250, 500, 1000, 2000, 4000};

    private final SearchSpace space = SearchSpaces.OFA_W10;
    private final MlpHyperParameters hp;
    private final List<String> encoders;

    private PredictorResults(int epochs, List<String> encoders) {
        // Paper MLP; fewer epochs than the paper's 100, with early stopping on the validation loss.
        this.hp = MlpHyperParameters.paper().withEpochs(epochs).withEarlyStoppingPatience(15);
        this.encoders = encoders;
    }

    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "all";
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        List<String> encoders = args.length > 2 ? List.of(args).subList(2, args.length)
                : List.of("paper128", "paper128+res", "paper128+cost");
        NativeThreads.use(Integer.getInteger("latnas.threads", 2));
        PredictorResults r = new PredictorResults(epochs, encoders);
        System.out.printf(Locale.ROOT, "hyper-parameters: %s%n", r.hp);
        long start = System.nanoTime();
        LatencyDataset helpOfa = DatasetCsv.read(helpOfaFile(), r.space, "replay:help-ofa");
        if (what.equals("all") || what.equals("columns")) {
            r.columns(helpOfa);
        }
        if (what.equals("all") || what.equals("simulated")) {
            r.simulated();
        }
        if (what.equals("all") || what.equals("finetune")) {
            r.fineTuneCurve(helpOfa, new Target("titanxp", 64), new Target("rtx2080ti", 64));
        }
        if (what.equals("all") || what.equals("size")) {
            r.sizeCurve(helpOfa, new Target("rtx2080ti", 64));
        }
        if (what.equals("all") || what.equals("residuals")) {
            r.residuals(helpOfa);
        }
        System.out.printf(Locale.ROOT, "total %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static Path helpOfaFile() {
        return Path.of(System.getProperty("latnas.home", ".")).resolve("../shared/data/help-ofa/ofa_latency.csv")
                .normalize();
    }

    private void columns(LatencyDataset helpOfa) {
        System.out.println();
        System.out.println("## help-ofa columns (train ids 0-3999 85/15, test ids 4000-4999)");
        header("target");
        // Batch 64 first, then 32, then 1: the large-batch columns are the main targets.
        List<Target> targets = new ArrayList<>(helpOfa.targets());
        targets.sort(java.util.Comparator.comparingInt(Target::batchSize).reversed().thenComparing(Target::hardwareId));
        for (Target t : targets) {
            SampleSplit split = helpOfaSplit(helpOfa.forTarget(t));
            for (String enc : encoders) {
                row(t.toString(), enc, train(enc, split));
            }
        }
    }

    private void simulated() {
        System.out.println();
        System.out.println("## simulated devices (5,000 rows, seeded 70/15/15 split)");
        header("target");
        LatnasSettings settings = LatnasSettings.load();
        for (Target t : List.of(new Target("rtx2080ti", 64), new Target("xeon-gold-6148", 1))) {
            HardwareProfile hw = settings.hardware().byId(t.hardwareId());
            LatencySource source = LatencySources.create(HardwareProfile.SIMULATED, hw, space,
                    settings.simulation().withNoise(settings.simulation().noiseSigma(), SEED));
            LatencyDataset ds = new DatasetCreator(space, source).createDataset(t.batchSize(), 5000, SEED);
            SampleSplit split = SampleSplit.random(DatasetSamples.of(ds), SEED);
            for (String enc : encoders) {
                row("sim " + t, enc, train(enc, split));
            }
        }
    }

    private void fineTuneCurve(LatencyDataset helpOfa, Target base, Target target) {
        System.out.println();
        System.out.printf("## fine-tune curve: base %s (full), target %s; test ids 4000-4999%n", base, target);
        SampleSplit full = helpOfaSplit(helpOfa.forTarget(target));
        for (String enc : encoders) {
            MlpLatencyPredictor basePredictor = train(enc, helpOfaSplit(helpOfa.forTarget(base)));
            MlpLatencyPredictor fullTarget = train(enc, full);
            System.out.printf(Locale.ROOT, "%-14s base on target test: rmse %.3f ms (%.2f%%); full target model (%d train rows): rmse %.3f ms (%.2f%%)%n",
                    enc, basePredictor.evaluate(full.test()).rmseMs(), basePredictor.evaluate(full.test()).rmsePercent(),
                    full.train().size(), fullTarget.evaluation().rmseMs(), fullTarget.evaluation().rmsePercent());
            System.out.printf(Locale.ROOT, "| %s | N | fine-tuned RMSE ms | fine-tuned RMSE%% | scratch RMSE ms | scratch RMSE%% | fine-tuned / full |%n", enc);
            System.out.println("|---|---|---|---|---|---|---|");
            for (int n : FINE_TUNE_SIZES) {
                SampleSplit few = fewRows(full, n);
                Evaluation tuned = MlpLatencyTrainer.fineTune(basePredictor, few, hp, MlpLatencyTrainer.PAPER_FROZEN_LAYERS)
                        .evaluation();
                Evaluation scratch = train(enc, few).evaluation();
                System.out.printf(Locale.ROOT, "| | %d | %.3f | %.2f | %.3f | %.2f | %.2f |%n", n, tuned.rmseMs(),
                        tuned.rmsePercent(), scratch.rmseMs(), scratch.rmsePercent(),
                        tuned.rmseMs() / fullTarget.evaluation().rmseMs());
            }
        }
    }

    private void sizeCurve(LatencyDataset helpOfa, Target target) {
        System.out.println();
        System.out.printf("## training-set-size curve: %s, validation 15%% of ids 0-3999, test ids 4000-4999%n", target);
        SampleSplit full = helpOfaSplit(helpOfa.forTarget(target));
        header("train rows");
        for (int size : TRAIN_SIZES) {
            int rows = Math.min(size, full.train().size());
            for (String enc : encoders) {
                row(Integer.toString(rows), enc, train(enc, full.withTrainingRows(rows)));
            }
        }
    }

    /**
     * Where a model's error on the help-ofa columns comes from: for each column, the first encoder's
     * relative residuals (measured over predicted, minus one) on the test ids, the RMSE% left once the
     * worst 1% and 2% of test rows are set aside, and the median residual of every block of 500 ids
     * (train and test) - rows were measured in id order, so a block whose median sits away from 0
     * shows the device drifting while it was measured, which no architecture encoding can predict.
     */
    private void residuals(LatencyDataset helpOfa) {
        String enc = encoders.get(0);
        System.out.println();
        System.out.printf("## residuals of %s on the help-ofa columns (test ids 4000-4999)%n", enc);
        System.out.println("| target | RMSE % | without worst 1% | without worst 2% | median abs | p90 abs | p99 abs "
                + "| median residual per 500 ids (0-499 .. 4500-4999) |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        List<Target> targets = new ArrayList<>(helpOfa.targets());
        targets.sort(java.util.Comparator.comparingInt(Target::batchSize).reversed().thenComparing(Target::hardwareId));
        for (Target t : targets) {
            LatencyDataset column = helpOfa.forTarget(t);
            MlpLatencyPredictor p = train(enc, helpOfaSplit(column));
            List<LatencyRecord> records = column.records();
            double[] predicted = p.predictMs(records.stream().map(LatencyRecord::architecture).toList(), null,
                    t.batchSize());
            List<Double> testAbs = new ArrayList<>();
            List<double[]> testRows = new ArrayList<>();
            List<List<Double>> blocks = new ArrayList<>();
            for (int b = 0; b < 10; b++) {
                blocks.add(new ArrayList<>());
            }
            for (int i = 0; i < records.size(); i++) {
                LatencyRecord r = records.get(i);
                int id = r.rowId().orElseThrow();
                double relative = r.latencyMs() / predicted[i] - 1;
                blocks.get(Math.min(9, id / 500)).add(relative);
                if (id >= 4000) {
                    testAbs.add(Math.abs(relative));
                    testRows.add(new double[] {r.latencyMs(), predicted[i]});
                }
            }
            testRows.sort(java.util.Comparator.comparingDouble(m -> -Math.abs(m[0] - m[1])));
            StringBuilder drift = new StringBuilder();
            for (List<Double> block : blocks) {
                drift.append(drift.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%+.1f", 100 * quantile(block, 0.5)));
            }
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.1f%% | %.1f%% | %.1f%% | %s |%n", t,
                    rmsePercent(testRows, 0), rmsePercent(testRows, testRows.size() / 100),
                    rmsePercent(testRows, testRows.size() / 50), 100 * quantile(testAbs, 0.5),
                    100 * quantile(testAbs, 0.9), 100 * quantile(testAbs, 0.99), drift);
        }
    }

    /** RMSE over mean measured latency of {@code rows} ({measured, predicted}, worst first) without the first {@code skip}. */
    private static double rmsePercent(List<double[]> rows, int skip) {
        double squared = 0;
        double measured = 0;
        List<double[]> kept = rows.subList(skip, rows.size());
        for (double[] m : kept) {
            squared += (m[0] - m[1]) * (m[0] - m[1]);
            measured += m[0];
        }
        return 100 * Math.sqrt(squared / kept.size()) / (measured / kept.size());
    }

    private static double quantile(List<Double> values, double q) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
    }

    /** {@code n} target rows split 85/15 into train and validation, judged on the full test set. */
    private SampleSplit fewRows(SampleSplit full, int n) {
        LatencySamples pool = full.train().head(n);
        return SampleSplit.withHeldOutTest(pool, full.test(), TRAIN_FRACTION, SEED);
    }

    private SampleSplit helpOfaSplit(LatencyDataset target) {
        DatasetSplit ids = DatasetSplit.helpOfa(target);
        return SampleSplit.withHeldOutTest(DatasetSamples.of(ids.train()), DatasetSamples.of(ids.test()), TRAIN_FRACTION,
                SEED);
    }

    private MlpLatencyPredictor train(String encoderId, SampleSplit split) {
        ArchitectureEncoder enc = Encoders.forTraining(encoderId, space, split.train());
        return new MlpLatencyTrainer(enc, hp).train(split);
    }

    private static void header(String first) {
        System.out.printf("| %s | encoder | RMSE ms | RMSE %% | within ±10%% | Kendall τ | epochs (best) |%n", first);
        System.out.println("|---|---|---|---|---|---|---|");
    }

    private static void row(String first, String encoder, MlpLatencyPredictor p) {
        Evaluation e = p.evaluation();
        System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.2f | %.1f%% | %.4f | %d (%d) |%n", first, encoder, e.rmseMs(),
                e.rmsePercent(), 100 * e.within10Percent(), e.kendallTau(), p.lossCurve().epochs(),
                p.lossCurve().bestEpoch());
        System.out.flush();
    }
}
