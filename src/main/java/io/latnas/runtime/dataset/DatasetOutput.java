package io.latnas.runtime.dataset;

import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyRecord;
import io.latnas.dataset.LongCsvAppender;
import io.latnas.dataset.Target;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The long CSV file a dataset build appends to. Opening it repairs a torn last row and reads which
 * architectures already have a row for the target, so an interrupted build resumes where it stopped;
 * every row is forced to disk as it is written.
 */
public final class DatasetOutput implements AutoCloseable {

    private final LongCsvAppender appender;
    private final Set<Architecture> present;
    private boolean closed;

    private DatasetOutput(LongCsvAppender appender, Set<Architecture> present) {
        this.appender = appender;
        this.present = present;
    }

    /**
     * Opens (or creates) {@code file} for appending and reads its rows for {@code target}.
     *
     * @throws io.latnas.common.InvalidInputException when the file is not a long CSV file of {@code space}'s
     *                                                architectures, or cannot be read or written
     */
    public static DatasetOutput open(Path file, SearchSpace space, Target target) {
        LongCsvAppender appender = LongCsvAppender.open(file);
        try {
            Set<Architecture> present = new HashSet<>();
            for (LatencyRecord record : DatasetCsv.read(file, space, "resumed").records()) {
                if (record.target().equals(target)) {
                    present.add(record.architecture());
                }
            }
            return new DatasetOutput(appender, present);
        } catch (RuntimeException e) {
            appender.close();
            throw e;
        }
    }

    /** Whether the file had a row for this architecture and the target when it was opened. */
    public boolean hadRow(Architecture arch) {
        return present.contains(arch);
    }

    /** The torn last row that opening cut off, if any. */
    public Optional<String> droppedPartialRow() {
        return appender.droppedPartialRow();
    }

    /** Appends one row and forces it to disk, so a crash right after loses nothing measured. */
    public void write(LatencyRecord record) {
        appender.append(record);
        appender.flush();
    }

    /** Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            appender.close();
        }
    }
}
