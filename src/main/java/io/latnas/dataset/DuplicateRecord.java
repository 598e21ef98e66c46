package io.latnas.dataset;

/**
 * A measurement of an architecture on a target that the dataset already holds.
 *
 * @param firstIndex position of the first measurement of the same architecture and target
 * @param index      position of this repeat
 */
public record DuplicateRecord(int firstIndex, int index, LatencyRecord first, LatencyRecord repeat) {

    @Override
    public String toString() {
        return "record " + index + " repeats record " + firstIndex + " (" + repeat.target() + ", "
                + repeat.architecture() + ")";
    }
}
