package io.latnas.cli;

import io.latnas.common.InvalidInputException;
import io.latnas.config.LatnasSettings;
import io.latnas.dataset.CreationReport;
import io.latnas.dataset.DatasetCreator;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.DuplicateRecord;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LongCsvAppender;
import io.latnas.dataset.TargetSummary;
import io.latnas.hardware.HardwareProfile;
import io.latnas.latency.LatencySource;
import io.latnas.latency.LatencySources;
import io.latnas.latency.SimulationSettings;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code latnas dataset}: build, import and summarise latency datasets. */
@Command(name = "dataset", mixinStandardHelpOptions = true, description = "Build, import and summarise latency datasets.",
        subcommands = {DatasetCommand.Create.class, DatasetCommand.Import.class, DatasetCommand.Stats.class})
final class DatasetCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Sample distinct architectures and record their latency on one hardware (long CSV).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--space", required = true, description = "Search space id.")
        String space;

        @Option(names = "--hardware", required = true, description = "Hardware id (see 'latnas hardware list').")
        String hardware;

        @Option(names = "--batch", defaultValue = "1", description = "Batch size (default ${DEFAULT-VALUE}).")
        int batch;

        @Option(names = "--count", required = true, description = "Number of distinct architectures.")
        int count;

        @Option(names = "--seed", defaultValue = "0", description = "Sampling and noise seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--source", defaultValue = LatencySources.AUTO,
                description = "auto (the catalog's default for the hardware), simulated or lookup-table (default ${DEFAULT-VALUE}).")
        String source;

        @Option(names = "--noise-sigma", description = "Override the simulated device's measurement noise (log-normal sigma).")
        Double noiseSigma;

        @Option(names = "--threads", defaultValue = "2", description = "Threads computing latencies (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--out", required = true, description = "Output CSV (long layout); must not exist yet.")
        Path out;

        @Override
        public Integer call() {
            CliChecks.positive("--count", count);
            CliChecks.positive("--batch", batch);
            CliChecks.positive("--threads", threads);
            LatnasSettings settings = LatnasSettings.load();
            SearchSpace s = SearchSpaces.byId(space);
            HardwareProfile hw = settings.hardware().byId(hardware);
            CliChecks.oneOf("--source", source, LatencySources.AUTO, HardwareProfile.SIMULATED, HardwareProfile.LOOKUP_TABLE,
                    HardwareProfile.REPLAY);
            SimulationSettings simulation = noiseSigma == null
                    ? settings.simulation().withNoise(settings.simulation().noiseSigma(), seed)
                    : settings.simulation().withNoise(noiseSigma, seed);
            LatencySource latency = LatencySources.create(source, hw, s, simulation);
            if (latency.kind().equals(HardwareProfile.REPLAY)) {
                throw new InvalidInputException("--source", "a replay source answers only for the architectures in its"
                        + " file; use 'latnas dataset import' to load them");
            }
            PrintWriter err = spec.commandLine().getErr();
            SearchSpace sampled = s;
            if (latency.resolutions() != null) {
                sampled = s.restrictedToResolutions(latency.resolutions());
                if (sampled != s) {
                    err.printf("note: the %s %s covers r %s; sampling only those%n", hw.id(), latency.kind(),
                            sampled.resolutionSet());
                }
            }
            CliFiles.refuseExisting("--out", out);
            Path partial = CliFiles.partialOf(out);
            long started = System.nanoTime();
            CreationReport report;
            try (Progress progress = new Progress(err, "dataset", count);
                 LongCsvAppender appender = LongCsvAppender.open(partial)) {
                DatasetCreator creator = new DatasetCreator(sampled, latency, threads, Clock.systemUTC());
                report = creator.create(batch, count, seed, r -> {
                    appender.accept(r);
                    progress.advance(1);
                });
            }
            CliFiles.moveIntoPlace(partial, out);
            double seconds = (System.nanoTime() - started) / 1e9;
            PrintWriter o = spec.commandLine().getOut();
            if (!report.complete()) {
                err.println("note: " + report.message());
            }
            o.printf("wrote %d rows to %s in %.2f s (%.0f rows/s); source %s%n", report.created(), out, seconds,
                    report.created() / seconds, latency.kind());
            printSummaries(o, DatasetCsv.read(out, s, latency.kind()));
            o.flush();
            return 0;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
            description = "Read a wide (help-ofa) or long CSV, validate it against a space and write it as a long CSV.")
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "CSV to import (wide help-ofa layout or long layout).")
        Path input;

        @Option(names = "--space", required = true, description = "Search space id the architectures belong to.")
        String space;

        @Option(names = "--source-name", defaultValue = "replay:imported",
                description = "How a wide file's rows were measured, recorded per row (default ${DEFAULT-VALUE}).")
        String sourceName;

        @Option(names = "--hardware", description = "Keep only this hardware id.")
        String hardware;

        @Option(names = "--batch", description = "Keep only this batch size.")
        Integer batch;

        @Option(names = "--drop-duplicates", description = "Keep the first of repeated (architecture, hardware, batch) rows instead of refusing.")
        boolean dropDuplicates;

        @Option(names = "--out", required = true, description = "Output long CSV; must not exist yet.")
        Path out;

        @Override
        public Integer call() {
            SearchSpace s = SearchSpaces.byId(space);
            CliFiles.refuseExisting("--out", out);
            LatencyDataset ds = DatasetCsv.read(input, s, sourceName);
            if (hardware != null || batch != null) {
                List<LatencyDataset> kept = ds.targets().stream()
                        .filter(t -> hardware == null || t.hardwareId().equals(hardware))
                        .filter(t -> batch == null || t.batchSize() == batch)
                        .map(ds::forTarget).toList();
                if (kept.isEmpty()) {
                    throw new InvalidInputException("--hardware", input + " has no rows for "
                            + (hardware == null ? "" : "hardware " + hardware + " ") + (batch == null ? "" : "batch " + batch)
                            + "; it has " + ds.targets().stream().map(Object::toString).collect(Collectors.joining(", ")));
                }
                ds = kept.stream().reduce(LatencyDataset::concat).orElseThrow();
            }
            List<DuplicateRecord> duplicates = ds.duplicates();
            PrintWriter o = spec.commandLine().getOut();
            if (!duplicates.isEmpty()) {
                if (!dropDuplicates) {
                    throw new InvalidInputException("input", input + " repeats " + duplicates.size()
                            + " (architecture, hardware, batch) rows, first " + duplicates.get(0)
                            + "; pass --drop-duplicates to keep the first of each");
                }
                ds = ds.withoutDuplicates();
                o.printf("dropped %d duplicate rows%n", duplicates.size());
            }
            DatasetCsv.writeLong(ds, out);
            o.printf("imported %d rows in %d targets from %s to %s%n", ds.size(), ds.targets().size(), input, out);
            printSummaries(o, ds);
            o.flush();
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true, description = "Per-target statistics of a dataset CSV.")
    static final class Stats implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", description = "Dataset CSV (wide or long).")
        Path input;

        @Option(names = "--space", required = true, description = "Search space id the architectures belong to.")
        String space;

        @Override
        public Integer call() {
            LatencyDataset ds = DatasetCsv.read(input, SearchSpaces.byId(space), "replay:" + input.getFileName());
            PrintWriter o = spec.commandLine().getOut();
            o.printf("%s: %d rows, %d targets, space %s, %d duplicate rows%n", input, ds.size(), ds.targets().size(),
                    ds.spaceId(), ds.duplicates().size());
            o.printf("content hash %s%n", ds.contentHash());
            printSummaries(o, ds);
            o.flush();
            return 0;
        }
    }

    static void printSummaries(PrintWriter o, LatencyDataset ds) {
        o.printf("%-22s %6s %9s %9s %9s %9s %9s %9s  %s%n", "target", "rows", "distinct", "min ms", "mean ms", "median",
                "max ms", "std ms", "r");
        for (TargetSummary t : ds.summaries().values()) {
            o.printf("%-22s %6d %9d %9.3f %9.3f %9.3f %9.3f %9.3f  %d..%d%n", t.target(), t.count(),
                    t.distinctArchitectures(), t.minMs(), t.meanMs(), t.medianMs(), t.maxMs(), t.stdMs(), t.minResolution(),
                    t.maxResolution());
        }
    }
}
