package io.latnas.runtime.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.dataset.Target;
import io.latnas.space.SearchSpace;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One dataset to build: {@code count} distinct architectures of {@code space}, drawn with {@code seed},
 * measured on {@code hardwareId} at {@code batchSize} and appended to the long CSV file {@code output}.
 */
public record DatasetJob(SearchSpace space, String hardwareId, int batchSize, int count, long seed, Path output) {

    public DatasetJob {
        Objects.requireNonNull(space, "space");
        if (hardwareId == null || hardwareId.isBlank()) {
            throw new InvalidInputException("hardware", "a dataset job needs a hardware id");
        }
        if (batchSize < 1) {
            throw new InvalidInputException("batch", "batch size " + batchSize + " must be at least 1");
        }
        if (count < 1) {
            throw new InvalidInputException("count", "count " + count + " must be at least 1");
        }
        Objects.requireNonNull(output, "output");
    }

    public Target target() {
        return new Target(hardwareId, batchSize);
    }
}
