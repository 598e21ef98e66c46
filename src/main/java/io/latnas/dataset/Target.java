package io.latnas.dataset;

import io.latnas.common.InvalidInputException;

/**
 * One hardware target: a hardware id at one batch size. Each is its own prediction problem; the
 * help-ofa README notes that a GPU's batch-1 and batch-64 latencies rank architectures differently.
 */
public record Target(String hardwareId, int batchSize) implements Comparable<Target> {

    public Target {
        if (hardwareId == null || hardwareId.isBlank()) {
            throw new InvalidInputException("hardware", "hardware id is empty");
        }
        if (batchSize <= 0) {
            throw new InvalidInputException("batch", "batch size " + batchSize + " must be positive");
        }
    }

    @Override
    public int compareTo(Target other) {
        int c = hardwareId.compareTo(other.hardwareId);
        return c != 0 ? c : Integer.compare(batchSize, other.batchSize);
    }

    /** {@code rtx2080ti batch 1}. */
    @Override
    public String toString() {
        return hardwareId + " batch " + batchSize;
    }
}
