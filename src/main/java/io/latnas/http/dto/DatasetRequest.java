package io.latnas.http.dto;

import io.latnas.common.InvalidInputException;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.nio.file.Path;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/datasets}: measure {@code count} architectures of {@code space}, drawn with {@code seed}, on
 * {@code hardware} at batch size {@code batch}, into the file {@code output} of the server's data directory.
 *
 * @param batch  images per forward pass; 1 when left out
 * @param seed   which architectures are drawn; 0 when left out
 * @param output a file name ({@code note10-b1.csv}), never a path; when left out, one is made from the
 *               other fields. An existing file of the same target is resumed, not overwritten.
 */
public record DatasetRequest(String space, String hardware, Integer batch, Integer count, Long seed, String output) {

    /** Letters, digits, dots, dashes and underscores, ending in .csv: no directory can be named. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,122}\\.csv");

    public DatasetRequest {
        MissingFieldException.require("space", space, "a search space id (GET /v1/spaces)");
        MissingFieldException.require("hardware", hardware, "a hardware id (GET /v1/hardware)");
        MissingFieldException.require("count", count, "how many architectures to measure");
        batch = batch == null ? 1 : batch;
        seed = seed == null ? 0L : seed;
        if (batch < 1) {
            throw new InvalidInputException("batch", "batch must be at least 1; got " + batch);
        }
        if (count < 1) {
            throw new InvalidInputException("count", "count must be at least 1; got " + count);
        }
        if (output != null && !FILE_NAME.matcher(output).matches()) {
            throw new InvalidInputException("output", "output must be a file name of letters, digits, '.', '-' and"
                    + " '_' ending in .csv (it is written to the server's data directory); got '" + output + "'");
        }
    }

    /** The output file name, as given or made from the request. */
    public String outputName() {
        if (output != null) {
            return output;
        }
        String made = hardware + "-" + space + "-b" + batch + "-s" + seed + ".csv";
        return made.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The job, checked against the search spaces, the hardware the node knows and the API's limits.
     *
     * @param servedHere hardware ids this node's measurement actors serve, known even when the catalog is not
     * @throws InvalidInputException naming the field at fault
     */
    public DatasetJob toJob(HardwareCatalog catalog, Set<String> servedHere, Path dataDir, int maxCount) {
        SearchSpace searchSpace = SearchSpaces.byId(space);
        if (!catalog.contains(hardware) && !servedHere.contains(hardware)) {
            catalog.byId(hardware);
        }
        if (count > maxCount) {
            throw new InvalidInputException("count", "count " + count + " is more than one job may measure ("
                    + maxCount + ", latnas.http.max-dataset-count); split it into several jobs");
        }
        Path dir = dataDir.toAbsolutePath().normalize();
        Path file = dir.resolve(outputName()).normalize();
        if (!dir.equals(file.getParent())) {
            throw new InvalidInputException("output", "output must name a file in the data directory; got '"
                    + outputName() + "'");
        }
        return new DatasetJob(searchSpace, hardware, batch, count, seed, file);
    }
}
