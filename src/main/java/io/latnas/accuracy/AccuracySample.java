package io.latnas.accuracy;

import io.latnas.space.Architecture;

import java.util.Objects;

/**
 * One measured (or otherwise known) accuracy: a subnet and its ImageNet top-1 in percent.
 *
 * @param line where the row came from in its file (1-based), or 0 when it did not come from a file
 */
public record AccuracySample(Architecture architecture, double top1, int line) {

    public AccuracySample {
        Objects.requireNonNull(architecture, "architecture");
    }
}
