package io.latnas.cli;

import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.Target;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.space.SearchSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code latnas evaluate}: a saved predictor scored on measured rows. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Score a saved predictor on a dataset CSV (RMSE, within ±5/10%, Kendall tau, Spearman rho).")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Predictor file written by 'latnas train' or 'latnas finetune'.")
    Path model;

    @Option(names = "--data", required = true, description = "Dataset CSV (wide help-ofa or long layout).")
    Path data;

    @Option(names = "--space", description = "Search space id the architectures belong to (default the model's own).")
    String space;

    @Option(names = "--hardware", description = "Hardware id to score on (default the model's own).")
    String hardware;

    @Option(names = "--batch", description = "Batch size to score on (default the model's own).")
    Integer batch;

    @Override
    public Integer call() throws IOException {
        MlpLatencyPredictor p = MlpLatencyPredictor.load(model);
        SearchSpace s = PredictorData.space(p, space);
        Target t = PredictorData.target(p, hardware, batch);
        PredictorData.requireFits(p, s, t.hardwareId(), t.batchSize());
        LatencyDataset ds = PredictorData.read(data, s, t.hardwareId(), t.batchSize(), false);
        PrintWriter o = spec.commandLine().getOut();
        PredictorReport.printEvaluation(o, p.id() + " on " + t, p.evaluate(PredictorData.samples(ds, p)));
        o.flush();
        return 0;
    }
}
