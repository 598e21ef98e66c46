package io.latnas.cli;

import io.latnas.common.InvalidInputException;
import io.latnas.config.LatnasSettings;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyRecord;
import io.latnas.dataset.LongCsvAppender;
import io.latnas.measure.LocalMeter;
import io.latnas.measure.Measurement;
import io.latnas.measure.MeasurementInfo;
import io.latnas.measure.NoiseFloor;
import io.latnas.measure.external.ExternalMeter;
import io.latnas.measure.external.ExternalMeterSettings;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code latnas measure}: real latencies of subnets on this machine (DL4J on the CPU). Resumable:
 * the same seed draws the same subnets, and rerunning appends only those the output lacks.
 */
@Command(name = "measure", mixinStandardHelpOptions = true,
        description = "Measure subnets on this machine with Deeplearning4j (resumable), or its noise floor with --repeat.")
final class MeasureCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--space", required = true, description = "Search space id.")
    String space;

    @Option(names = "--count", required = true, description = "Distinct subnets to measure.")
    int count;

    @Option(names = "--batch", defaultValue = "1", description = "Batch size (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "0", description = "Which subnets are drawn (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resolutions", split = ",", description = "Only these resolutions, e.g. 128,160 (default: all of the space).")
    int[] resolutions;

    @Option(names = "--repeat", description = "Measure each subnet this many times and report the noise floor instead of writing rows.")
    Integer repeat;

    @Option(names = "--out", description = "Long CSV to write or extend (required unless --repeat).")
    Path out;

    @Option(names = "--meter", description = "Measure with this external meter from latnas.meters.external (docs/EXTERNAL_METERS.md) instead of DL4J on this machine.")
    String externalMeter;

    @Mixin
    MeterOptions meterOptions;

    @Override
    public Integer call() {
        CliChecks.positive("--count", count);
        CliChecks.positive("--batch", batch);
        SearchSpace full = SearchSpaces.byId(space);
        SearchSpace s = resolutions == null ? full : full.restrictedToResolutions(resolutions);
        if (repeat == null && out == null) {
            throw new InvalidInputException("--out", "--out is required (or --repeat K for the noise floor)");
        }
        LatnasSettings settings = LatnasSettings.load();
        List<Architecture> archs = draw(s, count, seed);
        if (externalMeter != null) {
            if (repeat != null) {
                throw new InvalidInputException("--repeat", "--repeat measures the noise floor of this machine's meter;"
                        + " it cannot be combined with --meter");
            }
            try (ExternalMeter meter = ExternalMeter.start(ExternalMeterSettings.fromConfig(settings.config(),
                    externalMeter), full)) {
                spec.commandLine().getErr().printf("meter %s on %s: %s%n", externalMeter, meter.hardwareId(), meter.device());
                return measureInto(meter.hardwareId(), full, archs, a -> {
                    io.latnas.measure.external.Measurement m = meter.measure(a, batch);
                    return new LatencyRecord(a, meter.hardwareId(), batch, m.latencyMs(), "external:" + externalMeter,
                            Instant.now());
                });
            }
        }
        LocalMeter meter = meterOptions.create(settings, full);
        if (repeat != null) {
            return noiseFloor(meter, archs);
        }
        return measureInto(meter.hardwareId(), full, archs, a -> {
            Measurement m = meter.measure(a, batch);
            return new LatencyRecord(a, meter.hardwareId(), batch, m.medianMs(), describe(m.info()), m.finishedAt());
        });
    }

    /** The first {@code n} distinct subnets of a seeded draw: the same for the same seed, whatever ran before. */
    static List<Architecture> draw(SearchSpace space, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Set<Architecture> drawn = new LinkedHashSet<>();
        long misses = 0;
        while (drawn.size() < n) {
            if (!drawn.add(space.sample(rng)) && ++misses > 100_000) {
                throw new InvalidInputException("--count", "space " + space.id() + " ran out of distinct subnets after "
                        + drawn.size() + " of " + n);
            }
        }
        return new ArrayList<>(drawn);
    }

    private int measureInto(String hardwareId, SearchSpace space, List<Architecture> archs,
                            Function<Architecture, LatencyRecord> measure) {
        PrintWriter o = spec.commandLine().getOut();
        // Opening the appender first cuts a row torn by a killed run, so the file reads cleanly.
        try (LongCsvAppender appender = LongCsvAppender.open(out)) {
            appender.droppedPartialRow().ifPresent(row -> o.println("dropped a torn last row: " + row));
            Set<Architecture> done = alreadyMeasured(space, hardwareId);
            List<Architecture> todo = archs.stream().filter(a -> !done.contains(a)).toList();
            if (todo.isEmpty()) {
                o.printf("%s already has all %d subnets for %s batch %d; nothing to measure%n", out, archs.size(),
                        hardwareId, batch);
                o.flush();
                return 0;
            }
            if (!done.isEmpty()) {
                o.printf("resuming: %s has %d of the %d subnets; measuring the other %d%n", out,
                        archs.size() - todo.size(), archs.size(), todo.size());
            }
            long started = System.nanoTime();
            try (Progress progress = new Progress(spec.commandLine().getErr(), "measure", todo.size())) {
                for (Architecture a : todo) {
                    appender.append(measure.apply(a));
                    appender.flush();
                    progress.advance(1);
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            o.printf("measured %d subnets in %.1f s (%.2f s a subnet) -> %s%n", todo.size(), seconds,
                    seconds / todo.size(), out);
        }
        DatasetCommand.printSummaries(o, DatasetCsv.read(out, space, "measured"));
        o.flush();
        return 0;
    }

    private Set<Architecture> alreadyMeasured(SearchSpace space, String hardwareId) {
        Set<Architecture> done = new HashSet<>();
        if (Files.exists(out) && sizeOf(out) > 0) {
            for (LatencyRecord r : DatasetCsv.read(out, space, "measured").records()) {
                if (r.hardwareId().equals(hardwareId) && r.batchSize() == batch) {
                    done.add(r.architecture());
                }
            }
        }
        return done;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int noiseFloor(LocalMeter meter, List<Architecture> archs) {
        if (repeat < 2) {
            throw new InvalidInputException("--repeat", "--repeat must be at least 2; got " + repeat);
        }
        NoiseFloor floor;
        try (Progress progress = new Progress(spec.commandLine().getErr(), "noise floor", (long) repeat * archs.size())) {
            floor = NoiseFloor.measure(meter, archs, repeat, batch, (done, total, m) -> progress.advance(1));
        }
        PrintWriter o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "noise floor on %s: %d subnets x %d repeats at batch %d%n", meter.hardwareId(),
                floor.architectures(), floor.repeats(), floor.batchSize());
        o.printf(Locale.ROOT, "  RMSE between repeats %.2f%% (worst pair %.2f%%), mean CV %.2f%%%n", floor.rmsePercent(),
                floor.maxRmsePercent(), floor.meanCvPercent());
        o.printf(Locale.ROOT, "  Kendall tau %.3f (worst pair %.3f), Spearman rho %.3f (worst pair %.3f)%n",
                floor.kendallTau(), floor.minKendallTau(), floor.spearmanRho(), floor.minSpearmanRho());
        o.println("  no predictor can honestly beat these numbers on this machine");
        o.flush();
        return 0;
    }

    /** How a row was measured, kept in the row's source column. */
    static String describe(MeasurementInfo i) {
        return String.format(Locale.ROOT, "measured:dl4j cpu=%s cores=%d threads=%d backend=%s blas=%s jvm=%s warmup=%d runs=%d",
                i.cpuModel().replace(' ', '_'), i.logicalCores(), i.threads(), i.nd4jBackend(), i.blasVendor(), i.jvm(),
                i.warmupRuns(), i.timedRuns());
    }
}
