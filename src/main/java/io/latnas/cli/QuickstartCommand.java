package io.latnas.cli;

import io.latnas.config.LatnasSettings;
import io.latnas.dataset.CreationReport;
import io.latnas.dataset.DatasetCreator;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.hardware.HardwareProfile;
import io.latnas.latency.LatencySource;
import io.latnas.latency.LatencySources;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code latnas quickstart}: the main job end to end on one embedded node, with defaults that finish
 * in seconds: build a latency dataset on a simulated device and summarise it.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Run the main job end to end on one embedded node with small defaults.")
final class QuickstartCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--space", defaultValue = "ofa-mbv3-w1.0", description = "Search space (default ${DEFAULT-VALUE}).")
    String space;

    @Option(names = "--hardware", defaultValue = "rtx2080ti", description = "Hardware (default ${DEFAULT-VALUE}).")
    String hardware;

    @Option(names = "--batch", defaultValue = "1", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--count", defaultValue = "4000",
            description = "Architectures in the dataset (default ${DEFAULT-VALUE}, the paper's elbow, Fig. 4b).")
    int count;

    @Option(names = "--seed", defaultValue = "0", description = "Seed for every random choice (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Folder for what the run writes (default: a new runs/quickstart-<time>).")
    Path out;

    @Override
    public Integer call() {
        CliChecks.positive("--count", count);
        CliChecks.positive("--batch", batch);
        LatnasSettings settings = LatnasSettings.load();
        SearchSpace s = SearchSpaces.byId(space);
        HardwareProfile hw = settings.hardware().byId(hardware);
        Path dir = outputFolder();
        PrintWriter o = spec.commandLine().getOut();
        o.printf("LatencyNAS quickstart: space %s, hardware %s (%s), batch %d, seed %d%n", s.id(), hw.id(), hw.name(),
                batch, seed);
        o.printf("writing to %s%n%n", dir);

        LatencyDataset dataset = buildDataset(o, settings, s, hw, dir.resolve("dataset.csv"));
        o.printf("%n[1] dataset: %d distinct architectures, content hash %s%n", dataset.size(),
                dataset.contentHash().substring(0, 16));
        DatasetCommand.printSummaries(o, dataset);
        o.flush();
        return 0;
    }

    private LatencyDataset buildDataset(PrintWriter o, LatnasSettings settings, SearchSpace s, HardwareProfile hw, Path file) {
        LatencySource source = LatencySources.create(HardwareProfile.SIMULATED, hw, s,
                settings.simulation().withNoise(settings.simulation().noiseSigma(), seed));
        long started = System.nanoTime();
        DatasetCreator creator = new DatasetCreator(s, source, 2, Clock.systemUTC());
        List<LatencyRecord> rows = new ArrayList<>(count);
        CreationReport report = creator.create(batch, count, seed, rows::add);
        LatencyDataset dataset = LatencyDataset.of(s.id(), rows);
        DatasetCsv.writeLong(dataset, file);
        o.printf("[1] measured %d architectures on the simulated %s in %.2f s -> %s%n", report.created(), hw.id(),
                (System.nanoTime() - started) / 1e9, file);
        return dataset;
    }

    private Path outputFolder() {
        Path dir = out != null ? out
                : Path.of("runs", "quickstart-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        CliFiles.refuseExisting("--out", dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
