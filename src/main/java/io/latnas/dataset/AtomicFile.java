package io.latnas.dataset;

import io.latnas.common.InvalidInputException;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file all at once: the content goes to a temporary file in the same directory, is forced
 * to disk, and is then renamed over the target. A failure at any point leaves the old file as it was.
 */
final class AtomicFile {

    /** Writes the whole content of a file. */
    @FunctionalInterface
    interface Content {
        void writeTo(Writer out) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Writes {@code file} through {@code content}.
     *
     * @throws InvalidInputException naming the file when it cannot be written; any exception thrown
     *                               by {@code content} passes through, the old file intact either way
     */
    static void write(Path file, Content content) {
        Path absolute = file.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                Writer out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                        StandardCharsets.UTF_8), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new InvalidInputException("file", "cannot write " + file + ": " + describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The write already failed; a stray hidden temp file is the lesser problem.
                }
            }
        }
    }

    static String describe(IOException e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + " " + e.getMessage();
    }
}
