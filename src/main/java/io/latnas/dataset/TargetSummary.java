package io.latnas.dataset;

import java.util.Locale;

/**
 * Summary statistics of one target's latencies.
 *
 * @param stdMs sample standard deviation (n - 1 in the denominator); 0 for a single record
 */
public record TargetSummary(Target target, int count, double minMs, double meanMs, double medianMs, double maxMs,
                            double stdMs, int distinctArchitectures, int minResolution, int maxResolution) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "%s: %d records (%d distinct), latency min %.3f mean %.3f median %.3f max %.3f std %.3f ms,"
                        + " r %d..%d",
                target, count, distinctArchitectures, minMs, meanMs, medianMs, maxMs, stdMs, minResolution,
                maxResolution);
    }
}
