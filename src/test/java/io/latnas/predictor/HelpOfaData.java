package io.latnas.predictor;

import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpaces;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The measured help-ofa latencies ({@code ../shared/data/help-ofa/ofa_latency.csv}), read with a few
 * lines of parsing so predictor tests do not wait for the dataset package. Absent on machines
 * without the shared data; callers skip then.
 */
public final class HelpOfaData {

    private HelpOfaData() {
    }

    public static Path file() {
        return Path.of(System.getProperty("latnas.home", ".")).resolve("../shared/data/help-ofa/ofa_latency.csv")
                .normalize();
    }

    public static boolean available() {
        return Files.isReadable(file());
    }

    /**
     * Rows whose id lies in {@code [firstId, lastId]}, with the latency of one column such as
     * {@code 2080ti_64_ms}; the hardware id is the column's device and the batch size its middle part.
     */
    public static Optional<LatencySamples> rows(String column, int firstId, int lastId) {
        if (!available()) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(file());
            List<String> header = Arrays.asList(lines.get(0).split(","));
            int col = header.indexOf(column);
            if (col < 0) {
                throw new IllegalArgumentException("no column " + column + " in " + header);
            }
            String[] parts = column.split("_");
            String hardware = String.join("_", Arrays.copyOf(parts, parts.length - 2));
            int batch = Integer.parseInt(parts[parts.length - 2]);
            LatencySamples.Builder b = LatencySamples.builder();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",");
                int id = Integer.parseInt(f[0]);
                if (id < firstId || id > lastId) {
                    continue;
                }
                b.add(ArchitectureCodec.fromCsvFields(f[1], f[2], f[3], f[4], SearchSpaces.OFA_W10), hardware, null, batch,
                        Double.parseDouble(f[col]));
            }
            return Optional.of(b.build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
