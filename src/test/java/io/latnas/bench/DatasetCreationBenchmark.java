package io.latnas.bench;

import io.latnas.config.LatnasSettings;
import io.latnas.dataset.CreationReport;
import io.latnas.dataset.DatasetCreator;
import io.latnas.dataset.LongCsvAppender;
import io.latnas.latency.SimulatedDevice;
import io.latnas.space.SearchSpaces;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Simulated dataset creation (what {@code latnas dataset create} does for a simulated device): one
 * operation samples {@value #ROWS} distinct OFA w1.0 architectures and asks the simulated device
 * (with its configured measurement noise) for each, so rows/s = {@value #ROWS} / seconds per operation.
 * Run: {@code scripts/jmh DatasetCreation}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DatasetCreationBenchmark {

    static final int ROWS = 100_000;

    @Param({"rtx2080ti", "xeon-gold-6148"})
    String hardware;

    @Param({"1", "2"})
    int threads;

    private DatasetCreator creator;
    private Path dir;
    private long seed;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        LatnasSettings settings = LatnasSettings.load();
        SimulatedDevice device = SimulatedDevice.forSpace(settings.hardware().byId(hardware), SearchSpaces.OFA_W10,
                settings.simulation());
        creator = new DatasetCreator(SearchSpaces.OFA_W10, device, threads, Clock.systemUTC());
        dir = Files.createTempDirectory("creator-bench");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    /** Rows handed to a sink that only consumes them. */
    @Benchmark
    public CreationReport toSink(Blackhole sink) {
        return creator.create(1, ROWS, seed++, sink::consume);
    }

    /** Rows written to a long CSV file as they come, as the CLI does. */
    @Benchmark
    public CreationReport toLongCsv() throws IOException {
        Path file = dir.resolve("rows.csv");
        try (LongCsvAppender out = LongCsvAppender.open(file)) {
            return creator.create(1, ROWS, seed++, out);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
