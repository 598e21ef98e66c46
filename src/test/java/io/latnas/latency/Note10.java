package io.latnas.latency;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The shared Note10 lookup tables, or a skipped test when the shared data folder is absent. */
final class Note10 {

    private Note10() {
    }

    static Path directory() {
        Path dir = Path.of(System.getProperty("latnas.home", ".")).resolve("../shared/data/note10-lut").normalize();
        assumeTrue(Files.isDirectory(dir), "shared Note10 lookup tables not found at " + dir);
        return dir;
    }
}
