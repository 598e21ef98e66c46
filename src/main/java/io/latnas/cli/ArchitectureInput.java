package io.latnas.cli;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads architectures given on the command line: a file (or {@code -} for standard input) of OFA
 * JSON objects, one a line, or a help-ofa style CSV with {@code ks,e,d,r} columns.
 */
final class ArchitectureInput {

    /** One input line that parsed, or the reason it did not. */
    record Entry(int line, Architecture architecture, String error) {
        boolean ok() {
            return error == null;
        }
    }

    private ArchitectureInput() {
    }

    /** Reads every entry, keeping per-line errors instead of stopping at the first. */
    static List<Entry> read(String source, SearchSpace space) {
        List<String> lines = lines(source);
        List<Entry> entries = new ArrayList<>();
        int[] csvColumns = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (i == 0 && !line.startsWith("{")) {
                csvColumns = csvHeader(line, source);
                continue;
            }
            try {
                Architecture arch = csvColumns == null
                        ? ArchitectureCodec.fromJson(line, space)
                        : fromCsv(line, csvColumns, space);
                entries.add(new Entry(lineNo, arch, null));
            } catch (InvalidInputException e) {
                entries.add(new Entry(lineNo, null, e.getMessage()));
            }
        }
        return entries;
    }

    /** Reads every architecture; the first bad line is an error naming the source and line. */
    static List<Architecture> readAll(String source, SearchSpace space) {
        List<Architecture> archs = new ArrayList<>();
        for (Entry e : read(source, space)) {
            if (!e.ok()) {
                throw new InvalidInputException("input", displayName(source) + " line " + e.line() + ": " + e.error());
            }
            archs.add(e.architecture());
        }
        if (archs.isEmpty()) {
            throw new InvalidInputException("input", displayName(source) + " holds no architectures");
        }
        return archs;
    }

    private static Architecture fromCsv(String line, int[] columns, SearchSpace space) {
        String[] f = line.split(",", -1);
        int need = Math.max(Math.max(columns[0], columns[1]), Math.max(columns[2], columns[3]));
        if (f.length <= need) {
            throw new InvalidInputException("input", "row has " + f.length + " fields; expected at least " + (need + 1));
        }
        return ArchitectureCodec.fromCsvFields(f[columns[0]], f[columns[1]], f[columns[2]], f[columns[3]], space);
    }

    private static int[] csvHeader(String header, String source) {
        String[] names = header.split(",", -1);
        int[] columns = {-1, -1, -1, -1};
        String[] wanted = {"ks", "e", "d", "r"};
        for (int i = 0; i < names.length; i++) {
            for (int w = 0; w < wanted.length; w++) {
                if (names[i].strip().equals(wanted[w])) {
                    columns[w] = i;
                }
            }
        }
        for (int w = 0; w < wanted.length; w++) {
            if (columns[w] < 0) {
                throw new InvalidInputException("input", displayName(source)
                        + ": first line is neither an OFA JSON object nor a CSV header with ks,e,d,r (no '"
                        + wanted[w] + "' column)");
            }
        }
        return columns;
    }

    private static List<String> lines(String source) {
        try {
            if ("-".equals(source)) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                return in.lines().toList();
            }
            Path path = Path.of(source);
            if (!Files.isRegularFile(path)) {
                throw new InvalidInputException("input", "no such file: " + source);
            }
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String displayName(String source) {
        return "-".equals(source) ? "standard input" : source;
    }
}
