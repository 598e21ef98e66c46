package io.latnas.measure;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Paper Fig. 6 on this machine: the time to build a lookup table beside the time to measure a
 * predictor-training dataset, both from real measurements, each on two footings: the paper's sum of
 * latencies (one run per block or subnet) and the wall time of this meter's protocol.
 */
public record TimeOverhead(BuildReport lookupTable, DatasetTime dataset) {

    /** The table's sum of block latencies over the dataset's sum of subnet latencies. */
    public double latencySumRatio() {
        return lookupTable.extrapolatedLatencySumMs() / 1e3 / dataset.latencySumSeconds();
    }

    /** The table's measurement wall time over the dataset's. */
    public double measureRatio() {
        return lookupTable.extrapolatedMeasureWall().toNanos() / 1e9 / dataset.measureSeconds();
    }

    /** A few lines for a person, saying what was measured and what extrapolated. */
    public String summary() {
        String table = lookupTable.isComplete()
                ? "all " + lookupTable.keysRequired() + " keys measured"
                : "extrapolated from " + lookupTable.keysMeasured() + " of " + lookupTable.keysRequired() + " keys";
        return String.format("lookup table (%s, r=%s, %s):%n"
                        + "  sum of latencies %.1f s, measurement wall %.1f s%n"
                        + "dataset of %d subnets (extrapolated from %d measured):%n"
                        + "  sum of latencies %.1f s, measurement wall %.1f s%n"
                        + "table / dataset: %s by sum of latencies, %s by measurement wall",
                lookupTable.spaceId(), lookupTable.resolutions(), table,
                lookupTable.extrapolatedLatencySumMs() / 1e3, lookupTable.extrapolatedMeasureWall().toMillis() / 1e3,
                dataset.datasetSize(), dataset.sampled(), dataset.latencySumSeconds(), dataset.measureSeconds(),
                threeDigits(latencySumRatio()), threeDigits(measureRatio()));
    }

    private static String threeDigits(double x) {
        if (!Double.isFinite(x)) {
            return String.valueOf(x);
        }
        return new BigDecimal(x).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
