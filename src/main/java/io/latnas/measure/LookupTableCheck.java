package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.latency.LatencySource;
import io.latnas.space.Architecture;

import java.util.ArrayList;
import java.util.List;

/**
 * How far OFA's additive assumption is off on this hardware: for sample subnets, the lookup table's
 * sum of block latencies beside the whole subnet measured. Errors are relative to the measurement;
 * a positive mean signed error means the table's sums run high (per-block overheads such as each
 * block's own graph call, which a whole subnet pays once, add up).
 *
 * @param rows                   each subnet's table sum and measurement
 * @param rmsePercent            root mean square of the relative errors, in percent
 * @param meanSignedErrorPercent mean relative error, in percent
 * @param meanSignedErrorMs      mean of table minus measured, in milliseconds
 * @param kendallTau             rank agreement of table sums and measurements
 * @param spearmanRho            rank agreement of table sums and measurements
 */
public record LookupTableCheck(List<Row> rows, double rmsePercent, double meanSignedErrorPercent,
                               double meanSignedErrorMs, double kendallTau, double spearmanRho) {

    /** One subnet: the table's sum and the measured latency (its median). */
    public record Row(Architecture arch, double tableMs, Measurement measured) {

        public double signedErrorPercent() {
            return 100 * (tableMs - measured.medianMs()) / measured.medianMs();
        }
    }

    public LookupTableCheck {
        rows = List.copyOf(rows);
    }

    /**
     * Looks every subnet up in the table and measures it whole, at batch size 1.
     *
     * @throws InvalidInputException when fewer than two subnets are given, or the table cannot answer for one
     */
    public static LookupTableCheck run(LatencySource table, Meter meter, List<Architecture> archs,
                                       MeasureProgress progress) {
        if (archs.size() < 2) {
            throw new InvalidInputException("sample", "a lookup-table check needs at least two subnets; got "
                    + archs.size());
        }
        double[] tableMs = new double[archs.size()];
        for (int i = 0; i < tableMs.length; i++) {
            tableMs[i] = table.latencyMs(archs.get(i), LookupTableBuilder.BATCH_SIZE);
        }
        List<Row> rows = new ArrayList<>();
        double[] measuredMs = new double[archs.size()];
        for (int i = 0; i < tableMs.length; i++) {
            Measurement m = meter.measure(archs.get(i), LookupTableBuilder.BATCH_SIZE);
            measuredMs[i] = m.medianMs();
            rows.add(new Row(archs.get(i), tableMs[i], m));
            progress.measured(i + 1, tableMs.length, m);
        }
        double signedMs = 0;
        for (int i = 0; i < tableMs.length; i++) {
            signedMs += tableMs[i] - measuredMs[i];
        }
        return new LookupTableCheck(rows, Statistics.rmsePercent(tableMs, measuredMs),
                Statistics.meanSignedErrorPercent(tableMs, measuredMs), signedMs / tableMs.length,
                RankCorrelation.kendallTau(tableMs, measuredMs), RankCorrelation.spearmanRho(tableMs, measuredMs));
    }

    /** A line for a person. */
    public String summary() {
        return String.format("lookup-table sum vs measured over %d subnets: RMSE %.1f%%, mean signed error %+.1f%% "
                        + "(%+.2f ms), Kendall tau %.3f, Spearman rho %.3f",
                rows.size(), rmsePercent, meanSignedErrorPercent, meanSignedErrorMs, kendallTau, spearmanRho);
    }
}
