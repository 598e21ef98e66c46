package io.latnas.cli;

import io.latnas.common.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Output-file rules shared by commands: never overwrite a file a user already has; finish files atomically. */
final class CliFiles {

    private CliFiles() {
    }

    static void refuseExisting(String flag, Path out) {
        if (Files.exists(out)) {
            throw new InvalidInputException(flag, out + " already exists; choose another " + flag
                    + " or remove it first");
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new InvalidInputException(flag, "cannot create the folder of " + out + ": " + e.getMessage());
            }
        }
    }

    /**
     * A new folder for a run's outputs: {@code out} when given, else {@code runs/<prefix>-<time>}; refuses
     * one that exists.
     */
    static Path newRunFolder(String flag, Path out, String prefix) {
        Path dir = out != null ? out
                : Path.of("runs", prefix + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        refuseExisting(flag, dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Where a file is written before it is complete; a leftover from an interrupted run is removed. */
    static Path partialOf(Path out) {
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return partial;
    }

    static void moveIntoPlace(Path partial, Path out) {
        try {
            Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
