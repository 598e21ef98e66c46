package io.latnas.dataset;

import io.latnas.common.InvalidInputException;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringReader;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Adds records to a long-layout CSV file as they are measured, so that an interrupted run can resume.
 * A new or empty file gets the standard header; an existing file keeps its own column order.
 *
 * <p>A crash can leave the last row half written. On opening, a last row without a line end is kept
 * when it is complete (all fields, a readable {@code measured_at}) and cut off otherwise;
 * {@link #droppedPartialRow()} says what was cut.
 */
public final class LongCsvAppender implements Closeable, Consumer<LatencyRecord> {

    private final Path file;
    private final FileChannel channel;
    private final Writer out;
    private final DatasetCsv.LongRowFormat format;
    private final StringBuilder line = new StringBuilder(256);
    private final String droppedPartialRow;

    private LongCsvAppender(Path file, FileChannel channel, List<String> header, String droppedPartialRow) {
        this.file = file;
        this.channel = channel;
        this.out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                StandardCharsets.UTF_8), 1 << 16);
        this.format = new DatasetCsv.LongRowFormat(header);
        this.droppedPartialRow = droppedPartialRow;
    }

    /**
     * Opens {@code file} for appending, creating it (and its directory) with a header when needed.
     *
     * @throws InvalidInputException when the file exists with a header that is not the long layout's
     */
    public static LongCsvAppender open(Path file) {
        FileChannel channel = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            long size = channel.size();
            LongCsvAppender appender;
            if (size == 0) {
                appender = new LongCsvAppender(file, channel, DatasetCsv.LONG_COLUMNS, null);
                appender.out.write(String.join(",", DatasetCsv.LONG_COLUMNS));
                appender.out.write('\n');
                appender.flush();
            } else {
                appender = resume(file, channel, size);
            }
            return appender;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InvalidInputException("file", "cannot append to " + file + ": " + AtomicFile.describe(e), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static LongCsvAppender resume(Path file, FileChannel channel, long size) throws IOException {
        String headerLine = firstLine(channel);
        List<String> header = new CsvReader(new StringReader(headerLine)).next();
        List<String> columns = new ArrayList<>();
        for (String column : header) {
            columns.add(column.trim());
        }
        DatasetCsv.requireLongHeader(file, columns);
        long lastLineStart = lastLineStart(channel, size);
        String dropped = null;
        if (lastLineStart < size) {
            // The file does not end with a line end: its last line is a header or a torn row.
            String tail = read(channel, lastLineStart, size);
            boolean isHeader = lastLineStart == 0;
            if (isHeader || isCompleteRow(tail, columns)) {
                channel.position(size);
                channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
            } else {
                channel.truncate(lastLineStart);
                dropped = tail;
            }
        }
        channel.position(channel.size());
        return new LongCsvAppender(file, channel, List.copyOf(columns), dropped);
    }

    private static boolean isCompleteRow(String tail, List<String> columns) throws IOException {
        List<String> fields;
        try {
            fields = new CsvReader(new StringReader(tail)).next();
        } catch (CsvReader.CsvSyntaxException e) {
            return false;
        }
        if (fields == null || fields.size() != columns.size()) {
            return false;
        }
        try {
            Instant.parse(fields.get(columns.indexOf("measured_at")).trim());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String firstLine(FileChannel channel) throws IOException {
        long end = Math.min(channel.size(), 64 * 1024);
        String head = read(channel, 0, end);
        int nl = head.indexOf('\n');
        String first = nl < 0 ? head : head.substring(0, nl);
        if (first.startsWith("\uFEFF")) {
            first = first.substring(1);
        }
        return first.endsWith("\r") ? first.substring(0, first.length() - 1) : first;
    }

    /** Position just after the last '\n', or 0 when there is none. */
    private static long lastLineStart(FileChannel channel, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = size;
        while (end > 0) {
            long start = Math.max(0, end - buf.capacity());
            buf.clear().limit((int) (end - start));
            channel.read(buf, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    private static String read(FileChannel channel, long from, long to) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) (to - from));
        while (buf.hasRemaining() && channel.read(buf, from + buf.position()) > 0) {
            // keep reading
        }
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }

    /** The torn last row cut off on opening, if any. */
    public Optional<String> droppedPartialRow() {
        return Optional.ofNullable(droppedPartialRow);
    }

    /** The file's columns, in the order rows are written. */
    public List<String> columns() {
        return format.header();
    }

    /** Adds one row; it reaches the disk on {@link #flush()} or {@link #close()}. A row id is kept only where the file has an id column. */
    public void append(LatencyRecord record) {
        line.setLength(0);
        format.append(line, record);
        try {
            out.append(line);
        } catch (IOException e) {
            throw new InvalidInputException("file", "cannot append to " + file + ": " + AtomicFile.describe(e), e);
        }
    }

    @Override
    public void accept(LatencyRecord record) {
        append(record);
    }

    /** Writes buffered rows and forces them to disk. */
    public void flush() {
        try {
            out.flush();
            channel.force(false);
        } catch (IOException e) {
            throw new InvalidInputException("file", "cannot append to " + file + ": " + AtomicFile.describe(e), e);
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing more to save.
            }
        }
    }
}
