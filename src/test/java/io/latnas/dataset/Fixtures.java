package io.latnas.dataset;

import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Small datasets and the help-ofa file for dataset tests. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");
    static final String SPACE = SearchSpaces.OFA_W10.id();

    private Fixtures() {
    }

    /** A distinct OFA w1.0 architecture for each {@code n}. */
    static Architecture arch(int n) {
        return SearchSpaces.OFA_W10.sample(new SplittableRandom(1_000 + n));
    }

    static LatencyRecord record(int n, String hardware, int batch, double ms) {
        return new LatencyRecord(arch(n), hardware, batch, ms, "simulated", T0.plusSeconds(n));
    }

    static LatencyRecord record(int n, String hardware, int batch, double ms, int rowId) {
        return new LatencyRecord(arch(n), hardware, batch, ms, "replay:test", T0, OptionalInt.of(rowId));
    }

    /** help-ofa's ofa_latency.csv; skips the calling test when the shared data folder is absent. */
    static Path helpOfaCsv() {
        Path file = Path.of(System.getProperty("latnas.home", "."), "..", "shared", "data", "help-ofa",
                "ofa_latency.csv").normalize();
        assumeTrue(Files.isRegularFile(file), "help-ofa data not found at " + file);
        return file;
    }
}
