package io.latnas.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.InvalidArchitectureException;
import io.latnas.space.SearchSpace;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Latency datasets as CSV, in two layouts told apart by their header.
 *
 * <ul>
 *   <li><b>wide</b>, help-ofa's: {@code id,ks,e,d,r,<hw>_<batch>_ms,...}, one row per architecture and
 *   one latency column per target. Column prefixes map to hardware ids through {@link HardwareAliases};
 *   an empty cell means no measurement. The file says nothing of source or time; the reader is told them.</li>
 *   <li><b>long</b>: {@code ks,e,d,r,hardware,batch,latency_ms,source,measured_at}, one row per measurement,
 *   optionally led by an {@code id} column.</li>
 * </ul>
 *
 * Writing replaces a file atomically; {@link LongCsvAppender} adds rows to a long file as they come.
 * Every error names the file, and for a bad row its line, column and value.
 */
public final class DatasetCsv {

    /** The two CSV layouts. */
    public enum Layout {
        WIDE, LONG
    }

    /**
     * What a wide file leaves out.
     *
     * @param aliases    maps column prefixes to hardware ids
     * @param source     recorded as every record's source, e.g. {@code replay:help-ofa}
     * @param measuredAt recorded as every record's time
     */
    public record WideOptions(HardwareAliases aliases, String source, Instant measuredAt) {
        public WideOptions {
            Objects.requireNonNull(aliases, "aliases");
            Objects.requireNonNull(measuredAt, "measuredAt");
            if (source == null || source.isBlank()) {
                throw new InvalidInputException("source", "the source of a wide file's records is empty");
            }
        }
    }

    static final String ID = "id";
    static final List<String> ARCH_COLUMNS = List.of("ks", "e", "d", "r");
    /** The long layout's columns, in the order written. */
    public static final List<String> LONG_COLUMNS = List.of("ks", "e", "d", "r", "hardware", "batch",
            "latency_ms", "source", "measured_at");
    private static final Pattern DECIMAL = Pattern.compile("NaN|[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern WIDE_LATENCY = Pattern.compile("(.+)_(\\d+)_ms");
    private static final String WIDE_FORM = "a wide file has id,ks,e,d,r and <hardware>_<batch>_ms columns";
    private static final String LONG_FORM = "a long file has " + String.join(",", LONG_COLUMNS)
            + " and optionally id";

    private DatasetCsv() {
    }

    // ---------------------------------------------------------------- reading

    /** The layout of a file, from its header. */
    public static Layout detectLayout(Path file) {
        try (CsvReader csv = open(file)) {
            return layoutOf(file, header(file, csv));
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /**
     * Reads either layout. A wide file's records get {@code wideSource} as their source, help-ofa's
     * aliases, and the file's modification time as their time.
     */
    public static LatencyDataset read(Path file, SearchSpace space, String wideSource) {
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            throw readFailure(file, e);
        }
        return read(file, space, new WideOptions(HardwareAliases.HELP_OFA, wideSource, modified));
    }

    /**
     * Reads either layout, validating every architecture against {@code space}. A wide file's records
     * come row by row, each row's targets in column order.
     *
     * @throws InvalidInputException naming the file, and for a bad row its line, column and value
     */
    public static LatencyDataset read(Path file, SearchSpace space, WideOptions wide) {
        try (CsvReader csv = open(file)) {
            List<String> header = header(file, csv);
            List<LatencyRecord> records = layoutOf(file, header) == Layout.WIDE
                    ? readWide(file, csv, header, space, wide)
                    : readLong(file, csv, header, space);
            return LatencyDataset.of(space.id(), records);
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    private static CsvReader open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException("file", file + " is a directory, not a CSV file");
        }
        Reader reader = Files.newBufferedReader(file);
        return new CsvReader(reader);
    }

    private static List<String> header(Path file, CsvReader csv) throws IOException {
        List<String> header = csv.next();
        if (header == null) {
            throw new InvalidInputException("file", file + " is empty; expected a CSV header (" + WIDE_FORM
                    + "; " + LONG_FORM + ")");
        }
        List<String> trimmed = new ArrayList<>(header.size());
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            String column = name.trim();
            if (column.isEmpty()) {
                throw headerError(file, "column " + (trimmed.size() + 1) + " has no name");
            }
            if (!seen.add(column)) {
                throw headerError(file, "column '" + column + "' appears twice");
            }
            trimmed.add(column);
        }
        return trimmed;
    }

    private static Layout layoutOf(Path file, List<String> header) {
        if (header.contains("hardware") || header.contains("latency_ms")) {
            return Layout.LONG;
        }
        for (String column : header) {
            if (WIDE_LATENCY.matcher(column).matches()) {
                return Layout.WIDE;
            }
        }
        throw headerError(file, "header '" + String.join(",", header) + "' is neither layout: " + WIDE_FORM
                + "; " + LONG_FORM);
    }

    private static List<LatencyRecord> readWide(Path file, CsvReader csv, List<String> header, SearchSpace space,
                                                WideOptions wide) throws IOException {
        int idColumn = header.indexOf(ID);
        int[] archColumns = archColumns(file, header, WIDE_FORM);
        List<Integer> latencyColumns = new ArrayList<>();
        List<Target> targets = new ArrayList<>();
        Map<Target, String> columnOfTarget = new HashMap<>();
        for (int c = 0; c < header.size(); c++) {
            String column = header.get(c);
            if (c == idColumn || ARCH_COLUMNS.contains(column)) {
                continue;
            }
            Matcher m = WIDE_LATENCY.matcher(column);
            if (!m.matches()) {
                throw headerError(file, "unknown column '" + column + "'; " + WIDE_FORM);
            }
            int batch;
            try {
                batch = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                throw headerError(file, "column '" + column + "' names batch size " + m.group(2)
                        + ", which is not an integer");
            }
            if (batch <= 0) {
                throw headerError(file, "column '" + column + "' names batch size " + batch
                        + "; it must be positive");
            }
            Target target = new Target(wide.aliases().hardwareId(m.group(1)), batch);
            String earlier = columnOfTarget.putIfAbsent(target, column);
            if (earlier != null) {
                throw headerError(file, "columns '" + earlier + "' and '" + column + "' are both " + target);
            }
            latencyColumns.add(c);
            targets.add(target);
        }
        List<LatencyRecord> records = new ArrayList<>();
        List<String> row;
        while ((row = csv.next()) != null) {
            int line = csv.recordLine();
            checkWidth(file, line, header, row);
            OptionalInt id = OptionalInt.empty();
            if (idColumn >= 0) {
                id = OptionalInt.of(parseInt(file, line, ID, row.get(idColumn)));
            }
            Architecture arch = architecture(file, line, row, archColumns, space);
            for (int t = 0; t < targets.size(); t++) {
                int c = latencyColumns.get(t);
                String cell = row.get(c);
                if (cell.isBlank()) {
                    continue;
                }
                double ms = parseLatency(file, line, header.get(c), cell);
                Target target = targets.get(t);
                records.add(new LatencyRecord(arch, target.hardwareId(), target.batchSize(), ms, wide.source(),
                        wide.measuredAt(), id));
            }
        }
        return records;
    }

    /**
     * Checks that a header is the long layout's, in any order.
     *
     * @throws InvalidInputException naming the missing or unknown columns
     */
    static void requireLongHeader(Path file, List<String> header) {
        List<String> missing = new ArrayList<>();
        for (String column : LONG_COLUMNS) {
            if (!header.contains(column)) {
                missing.add(column);
            }
        }
        if (!missing.isEmpty()) {
            throw headerError(file, "the header lacks column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; " + LONG_FORM);
        }
        for (String column : header) {
            if (!column.equals(ID) && !LONG_COLUMNS.contains(column)) {
                throw headerError(file, "unknown column '" + column + "'; " + LONG_FORM);
            }
        }
    }

    private static List<LatencyRecord> readLong(Path file, CsvReader csv, List<String> header, SearchSpace space)
            throws IOException {
        requireLongHeader(file, header);
        int idColumn = header.indexOf(ID);
        int[] archColumns = archColumns(file, header, LONG_FORM);
        int hardware = header.indexOf("hardware");
        int batch = header.indexOf("batch");
        int latency = header.indexOf("latency_ms");
        int source = header.indexOf("source");
        int measuredAt = header.indexOf("measured_at");
        List<LatencyRecord> records = new ArrayList<>();
        List<String> row;
        while ((row = csv.next()) != null) {
            int line = csv.recordLine();
            checkWidth(file, line, header, row);
            OptionalInt id = OptionalInt.empty();
            if (idColumn >= 0 && !row.get(idColumn).isBlank()) {
                id = OptionalInt.of(parseInt(file, line, ID, row.get(idColumn)));
            }
            Architecture arch = architecture(file, line, row, archColumns, space);
            String hw = nonBlank(file, line, "hardware", row.get(hardware));
            int b = parseInt(file, line, "batch", row.get(batch));
            if (b <= 0) {
                throw rowError(file, line, "batch", "batch size " + b + " must be positive");
            }
            double ms = parseLatency(file, line, "latency_ms", row.get(latency));
            String src = nonBlank(file, line, "source", row.get(source));
            Instant at;
            try {
                at = Instant.parse(row.get(measuredAt).trim());
            } catch (DateTimeParseException e) {
                throw rowError(file, line, "measured_at", "'" + row.get(measuredAt)
                        + "' is not an ISO-8601 instant such as 2024-05-01T12:00:00Z");
            }
            records.add(new LatencyRecord(arch, hw, b, ms, src, at, id));
        }
        return records;
    }

    private static int[] archColumns(Path file, List<String> header, String form) {
        int[] columns = new int[ARCH_COLUMNS.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < columns.length; i++) {
            columns[i] = header.indexOf(ARCH_COLUMNS.get(i));
            if (columns[i] < 0) {
                missing.add(ARCH_COLUMNS.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw headerError(file, "the header lacks column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; " + form);
        }
        return columns;
    }

    private static void checkWidth(Path file, int line, List<String> header, List<String> row) {
        if (row.size() < header.size()) {
            throw rowError(file, line, header.get(row.size()), "missing: the row has " + row.size()
                    + " fields but the header has " + header.size() + " (a truncated row?)");
        }
        if (row.size() > header.size()) {
            throw new InvalidInputException(null, file + " line " + line + ": the row has " + row.size()
                    + " fields but the header has " + header.size());
        }
    }

    private static Architecture architecture(Path file, int line, List<String> row, int[] columns, SearchSpace space) {
        try {
            return ArchitectureCodec.fromCsvFields(row.get(columns[0]), row.get(columns[1]), row.get(columns[2]),
                    row.get(columns[3]), space);
        } catch (InvalidArchitectureException e) {
            String field = e.field() == null ? "ks" : e.field();
            int bracket = field.indexOf('[');
            String column = bracket < 0 ? field : field.substring(0, bracket);
            throw rowError(file, line, column, e.getMessage());
        }
    }

    private static int parseInt(Path file, int line, String column, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw rowError(file, line, column, "'" + text + "' is not an integer");
        }
    }

    private static String nonBlank(Path file, int line, String column, String text) {
        if (text.isBlank()) {
            throw rowError(file, line, column, "the value is empty");
        }
        return text.trim();
    }

    private static double parseLatency(Path file, int line, String column, String text) {
        String t = text.trim();
        // Double.parseDouble also takes "1d", "0x1p3" and "Infinity"; a latency cell holds a plain decimal.
        if (!DECIMAL.matcher(t).matches()) {
            throw rowError(file, line, column, "'" + text + "' is not a number");
        }
        double ms = Double.parseDouble(t);
        if (Double.isNaN(ms)) {
            throw rowError(file, line, column, "latency is NaN");
        }
        if (ms < 0) {
            throw rowError(file, line, column, "latency " + t + " ms is negative");
        }
        if (Double.isInfinite(ms)) {
            throw rowError(file, line, column, "latency " + t + " ms is out of range");
        }
        return ms;
    }

    static InvalidInputException rowError(Path file, int line, String column, String message) {
        return new InvalidInputException(column, file + " line " + line + ", column " + column + ": " + message);
    }

    private static InvalidInputException headerError(Path file, String message) {
        return new InvalidInputException("header", file + " line 1: " + message);
    }

    static InvalidInputException readFailure(Path file, IOException e) {
        if (e instanceof CsvReader.CsvSyntaxException syntax) {
            return new InvalidInputException(null, file + " line " + syntax.line() + ": " + e.getMessage(), e);
        }
        if (e instanceof NoSuchFileException) {
            return new InvalidInputException("file", file + " does not exist", e);
        }
        if (e instanceof CharacterCodingException) {
            return new InvalidInputException("file", "cannot read " + file + ": it is not UTF-8 text", e);
        }
        return new InvalidInputException("file", "cannot read " + file + ": " + AtomicFile.describe(e), e);
    }

    // ---------------------------------------------------------------- writing

    public static void write(LatencyDataset dataset, Path file, Layout layout) {
        if (layout == Layout.WIDE) {
            writeWide(dataset, file);
        } else {
            writeLong(dataset, file);
        }
    }

    /**
     * Writes the long layout, atomically. An {@code id} column leads when any record has a row id.
     */
    public static void writeLong(LatencyDataset dataset, Path file) {
        boolean withIds = dataset.records().stream().anyMatch(r -> r.rowId().isPresent());
        List<String> header = withIds ? withId(LONG_COLUMNS) : LONG_COLUMNS;
        AtomicFile.write(file, out -> {
            out.write(String.join(",", header));
            out.write('\n');
            LongRowFormat format = new LongRowFormat(header);
            StringBuilder line = new StringBuilder(256);
            for (LatencyRecord r : dataset.records()) {
                line.setLength(0);
                format.append(line, r);
                out.append(line);
            }
        });
    }

    static List<String> withId(List<String> columns) {
        List<String> all = new ArrayList<>(columns.size() + 1);
        all.add(ID);
        all.addAll(columns);
        return List.copyOf(all);
    }

    /** Formats long rows in a header's column order. Not thread-safe. */
    static final class LongRowFormat {
        private final List<String> header;
        private Instant lastInstant;
        private String lastInstantText;

        LongRowFormat(List<String> header) {
            this.header = header;
        }

        List<String> header() {
            return header;
        }

        /** Appends one record with its line end; a row id is written only where the header has an id column. */
        void append(StringBuilder line, LatencyRecord r) {
            for (int c = 0; c < header.size(); c++) {
                if (c > 0) {
                    line.append(',');
                }
                switch (header.get(c)) {
                    case "id" -> {
                        if (r.rowId().isPresent()) {
                            line.append(r.rowId().getAsInt());
                        }
                    }
                    case "ks" -> CsvText.appendKernelSizes(line, r.architecture());
                    case "e" -> CsvText.appendExpandRatios(line, r.architecture());
                    case "d" -> CsvText.appendDepths(line, r.architecture());
                    case "r" -> line.append(r.architecture().resolution());
                    case "hardware" -> CsvText.appendField(line, r.hardwareId());
                    case "batch" -> line.append(r.batchSize());
                    case "latency_ms" -> line.append(r.latencyMs());
                    case "source" -> CsvText.appendField(line, r.source());
                    case "measured_at" -> line.append(instantText(r.measuredAt()));
                    default -> throw new IllegalArgumentException("not a long column: " + header.get(c));
                }
            }
            line.append('\n');
        }

        // Formatting an Instant is costly and rows made together share one, so the last text is kept.
        private String instantText(Instant at) {
            if (!at.equals(lastInstant)) {
                lastInstant = at;
                lastInstantText = at.toString();
            }
            return lastInstantText;
        }
    }

    /**
     * Writes the wide layout, atomically: one row per architecture (and row id, where records have
     * one), one {@code <hardwareId>_<batch>_ms} column per target in order of first appearance. Rows
     * without a row id are numbered after the largest id present. Source and time are not written.
     *
     * @throws InvalidInputException when the dataset has duplicates, which one cell cannot hold
     */
    public static void writeWide(LatencyDataset dataset, Path file) {
        List<DuplicateRecord> duplicates = dataset.duplicates();
        if (!duplicates.isEmpty()) {
            throw new InvalidInputException("dataset", "cannot write " + file + " in the wide layout: "
                    + duplicates.size() + " duplicate record(s), the first: " + duplicates.get(0)
                    + "; drop duplicates first");
        }
        List<Target> targets = dataset.targets();
        Map<Target, Integer> column = new HashMap<>();
        for (int t = 0; t < targets.size(); t++) {
            column.put(targets.get(t), t);
        }
        Map<RowKey, double[]> rows = new LinkedHashMap<>();
        Map<Integer, Architecture> archOfId = new HashMap<>();
        int maxId = -1;
        for (LatencyRecord r : dataset.records()) {
            if (r.rowId().isPresent()) {
                int id = r.rowId().getAsInt();
                Architecture earlier = archOfId.putIfAbsent(id, r.architecture());
                if (earlier != null && !earlier.equals(r.architecture())) {
                    throw new InvalidInputException("id", "cannot write " + file + " in the wide layout: row id "
                            + id + " belongs to two architectures, " + earlier + " and " + r.architecture());
                }
                maxId = Math.max(maxId, id);
            }
            double[] cells = rows.computeIfAbsent(new RowKey(r.rowId(), r.architecture()), k -> {
                double[] empty = new double[targets.size()];
                Arrays.fill(empty, Double.NaN);
                return empty;
            });
            cells[column.get(r.target())] = r.latencyMs();
        }
        int firstFreeId = maxId + 1;
        AtomicFile.write(file, out -> {
            StringBuilder line = new StringBuilder(512);
            line.append(ID).append(',').append(String.join(",", ARCH_COLUMNS));
            for (Target t : targets) {
                line.append(',');
                CsvText.appendField(line, t.hardwareId() + "_" + t.batchSize() + "_ms");
            }
            line.append('\n');
            out.append(line);
            int nextId = firstFreeId;
            for (Map.Entry<RowKey, double[]> row : rows.entrySet()) {
                line.setLength(0);
                OptionalInt id = row.getKey().rowId();
                line.append(id.isPresent() ? id.getAsInt() : nextId++).append(',');
                Architecture arch = row.getKey().architecture();
                CsvText.appendKernelSizes(line, arch);
                line.append(',');
                CsvText.appendExpandRatios(line, arch);
                line.append(',');
                CsvText.appendDepths(line, arch);
                line.append(',').append(arch.resolution());
                for (double ms : row.getValue()) {
                    line.append(',');
                    if (!Double.isNaN(ms)) {
                        line.append(ms);
                    }
                }
                line.append('\n');
                out.append(line);
            }
        });
    }

    private record RowKey(OptionalInt rowId, Architecture architecture) {
    }

    /**
     * Adds records to a long file, creating it with a header when it does not exist. See
     * {@link LongCsvAppender} for how a torn last row is handled.
     */
    public static void appendLong(Path file, Collection<LatencyRecord> records) {
        try (LongCsvAppender appender = LongCsvAppender.open(file)) {
            for (LatencyRecord r : records) {
                appender.append(r);
            }
        }
    }
}
