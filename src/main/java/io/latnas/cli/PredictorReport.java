package io.latnas.cli;

import io.latnas.common.InvalidInputException;
import io.latnas.predictor.Evaluation;
import io.latnas.predictor.LatencySamples;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.predictor.PredictorPlots;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** How the predictor commands print evaluations and draw plots. */
final class PredictorReport {

    private PredictorReport() {
    }

    static void printEvaluation(PrintWriter o, String what, Evaluation e) {
        o.printf(Locale.ROOT, "%s: %d rows, RMSE %.4f ms (%.2f%%), MAE %.4f ms, within ±5%% %.1f%%, within ±10%% %.1f%%,"
                        + " Kendall tau %.4f, Spearman rho %.4f%n", what, e.count(), e.rmseMs(), e.rmsePercent(), e.maeMs(),
                100 * e.within5Percent(), 100 * e.within10Percent(), e.kendallTau(), e.spearmanRho());
    }

    /** Loss curve and predicted-vs-measured scatter on {@code test}; refuses to overwrite either. */
    static void plots(MlpLatencyPredictor p, LatencySamples test, Path dir, PrintWriter o) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("--plots", dir + " exists and is not a directory");
        }
        Path loss = dir.resolve(p.id() + "-loss.png");
        Path scatter = dir.resolve(p.id() + "-scatter.png");
        CliFiles.refuseExisting("--plots", loss);
        CliFiles.refuseExisting("--plots", scatter);
        Files.createDirectories(dir);
        PredictorPlots.lossCurve(p.lossCurve(), p.id() + " loss", loss);
        PredictorPlots.predictedVsMeasured(test.latenciesMs(), p.predictMs(test), p.id() + " test", scatter);
        o.printf("plots: %s, %s%n", loss, scatter);
    }
}
