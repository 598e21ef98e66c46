package io.latnas.cli;

import io.latnas.config.LatnasSettings;
import io.latnas.dataset.Target;
import io.latnas.predictor.MlpLatencyPredictor;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code latnas predict}: latencies from a saved predictor, one line per architecture. A predictor
 * whose encoder reads hardware features takes any catalog GPU through {@code --hardware}, seen in
 * training or not (paper §4.3).
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict latency (ms) of architectures with a saved predictor, one line per architecture.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Predictor file written by 'latnas train' or 'latnas finetune'.")
    Path model;

    @Option(names = "--space", description = "Search space id the architectures belong to (default the model's own).")
    String space;

    @Option(names = "--hardware", description = "Hardware id (default the model's own; required for hardware-generalised models).")
    String hardware;

    @Option(names = "--batch", description = "Batch size (default the model's own).")
    Integer batch;

    @Parameters(index = "0", description = "OFA JSON lines or a CSV with ks,e,d,r columns; '-' for standard input.")
    String input;

    @Override
    public Integer call() throws IOException {
        MlpLatencyPredictor p = MlpLatencyPredictor.load(model);
        SearchSpace s = PredictorData.space(p, space);
        Target t = PredictorData.target(p, hardware, batch);
        CliChecks.positive("--batch", t.batchSize());
        PredictorData.requireFits(p, s, t.hardwareId(), t.batchSize());
        double[] features = p.encoder().usesHardware()
                ? LatnasSettings.load().hardware().byId(t.hardwareId()).gpuFeatures()
                : null;
        List<Architecture> archs = ArchitectureInput.readAll(input, s);
        double[] ms = p.predictMs(archs, features, t.batchSize());
        PrintWriter o = spec.commandLine().getOut();
        for (double v : ms) {
            o.println(String.format(Locale.ROOT, "%.4f", v));
        }
        o.flush();
        return 0;
    }
}
