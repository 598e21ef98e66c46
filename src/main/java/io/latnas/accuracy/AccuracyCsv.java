package io.latnas.accuracy;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.InvalidArchitectureException;
import io.latnas.space.SearchSpace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads (architecture, accuracy) rows: a training set for a user's own accuracy predictor. Each
 * row holds the help-ofa fields {@code ks}, {@code e}, {@code d} (dash-separated, 20 or 5 integers;
 * values in inactive slots are ignored) and {@code r}, then the ImageNet top-1 accuracy in percent:
 * <pre>
 *   ks,e,d,r,accuracy
 *   7-5-3-0-...,4-6-3-0-...,2-3-2-4-3,192,77.31
 * </pre>
 * The header is optional: a first row with a column named {@code ks} is one. With a header,
 * columns are found by name ({@code ks}, {@code e}, {@code d}, {@code r}, and {@code accuracy},
 * {@code top1} or {@code acc}) and other columns are ignored; without one, a row has exactly those
 * five fields in that order. Blank lines and lines starting with {@code #} are skipped. Every
 * architecture is validated against the search space.
 */
public final class AccuracyCsv {

    private static final Set<String> ACCURACY_NAMES = Set.of("accuracy", "top1", "acc");

    private AccuracyCsv() {
    }

    /**
     * Reads a file.
     *
     * @throws InvalidInputException naming the file, line and field of the first thing wrong
     */
    public static List<AccuracySample> read(Path file, SearchSpace space) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, file.getFileName().toString(), space);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("file", "accuracy file " + file + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("file", "cannot read accuracy file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads rows from {@code reader}; {@code source} names it in messages.
     *
     * @throws InvalidInputException naming the source, line and field of the first thing wrong
     */
    public static List<AccuracySample> read(Reader reader, String source, SearchSpace space) {
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<AccuracySample> samples = new ArrayList<>();
        int[] columns = null;
        int width = 5;
        int lineNumber = 0;
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] fields = trimmed.split(",", -1);
                if (columns == null) {
                    if (isHeader(fields)) {
                        columns = header(fields, source, lineNumber);
                        width = fields.length;
                        continue;
                    }
                    columns = new int[] {0, 1, 2, 3, 4};
                }
                samples.add(row(fields, columns, width, source, lineNumber, space));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (samples.isEmpty()) {
            throw new InvalidInputException("file", source + " has no rows of ks,e,d,r,accuracy");
        }
        if (samples.stream().allMatch(s -> s.top1() <= 1.0)) {
            throw new InvalidInputException("accuracy", source + ": every accuracy is at most 1; give top-1 in percent"
                    + " (76.3, not 0.763)");
        }
        return List.copyOf(samples);
    }

    /** A first row that names a {@code ks} column is a header; a data row's ks field is numbers. */
    private static boolean isHeader(String[] fields) {
        for (String field : fields) {
            if (field.strip().equalsIgnoreCase("ks")) {
                return true;
            }
        }
        return false;
    }

    /** Positions of ks, e, d, r and the accuracy column in a header. */
    private static int[] header(String[] fields, String source, int lineNumber) {
        int[] columns = {-1, -1, -1, -1, -1};
        String[] wanted = {"ks", "e", "d", "r"};
        for (int i = 0; i < fields.length; i++) {
            String name = fields[i].strip().toLowerCase(Locale.ROOT);
            for (int w = 0; w < wanted.length; w++) {
                if (name.equals(wanted[w])) {
                    columns[w] = i;
                }
            }
            if (ACCURACY_NAMES.contains(name)) {
                columns[4] = i;
            }
        }
        String[] names = {"ks", "e", "d", "r", "accuracy (or top1, acc)"};
        for (int c = 0; c < columns.length; c++) {
            if (columns[c] < 0) {
                throw new InvalidInputException(names[c], source + " line " + lineNumber + ": the header has no "
                        + names[c] + " column");
            }
        }
        return columns;
    }

    private static AccuracySample row(String[] fields, int[] columns, int width, String source, int lineNumber,
                                      SearchSpace space) {
        String where = source + " line " + lineNumber + ": ";
        if (fields.length != width) {
            throw new InvalidInputException(null, where + "has " + fields.length + " fields; expected " + width
                    + (width == 5 ? " (ks,e,d,r,accuracy)" : " as in the header"));
        }
        Architecture arch;
        try {
            arch = ArchitectureCodec.fromCsvFields(fields[columns[0]], fields[columns[1]], fields[columns[2]],
                    fields[columns[3]], space);
        } catch (InvalidArchitectureException e) {
            throw new InvalidArchitectureException(e.field(), where + e.getMessage(), e);
        }
        String text = fields[columns[4]].strip();
        double top1;
        try {
            top1 = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("accuracy", where + "accuracy '" + text + "' is not a number");
        }
        if (!(top1 >= 0 && top1 <= 100)) {
            throw new InvalidInputException("accuracy", where + "accuracy " + text
                    + " is outside 0..100 (top-1 in percent)");
        }
        return new AccuracySample(arch, top1, lineNumber);
    }
}
