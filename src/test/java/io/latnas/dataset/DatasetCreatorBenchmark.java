package io.latnas.dataset;

import io.latnas.latency.LatencySource;
import io.latnas.space.Architecture;
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
 * Rows per second of {@link DatasetCreator} over OFA w1.0 with a trivial latency source: one
 * operation creates {@value #ROWS} rows, so rows/s = {@value #ROWS} / (seconds per operation).
 * Run: {@code java -cp target/test-classes:target/classes:<test classpath> org.openjdk.jmh.Main DatasetCreatorBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DatasetCreatorBenchmark {

    static final int ROWS = 100_000;

    private static final LatencySource TRIVIAL = new LatencySource() {
        @Override
        public String hardwareId() {
            return "trivial";
        }

        @Override
        public String kind() {
            return "simulated";
        }

        @Override
        public double latencyMs(Architecture arch, int batchSize) {
            return arch.resolution() * arch.activeLayers() / 1000.0;
        }
    };

    @Param({"1", "2"})
    int threads;

    private DatasetCreator creator;
    private Path dir;
    private long seed;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        creator = new DatasetCreator(SearchSpaces.OFA_W10, TRIVIAL, threads, Clock.systemUTC());
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

    /** Rows written to a long CSV file as they come. */
    @Benchmark
    public CreationReport toLongCsv() {
        Path file = dir.resolve("rows.csv");
        try (LongCsvAppender out = LongCsvAppender.open(file)) {
            return creator.create(1, ROWS, seed++, out);
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the next operation overwrites it
            }
        }
    }
}
