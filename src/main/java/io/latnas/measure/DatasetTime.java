package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What measuring a predictor-training dataset of {@code datasetSize} whole subnets costs, extrapolated
 * from {@code sampled} subnets really measured: per-subnet means times the dataset size. Paper §5.3
 * prices a dataset as the sum of its subnets' latencies (one run each); the measurement figure is the
 * whole protocol per subnet (network build, warm-up and timed runs).
 *
 * @param spaceId      the space the subnets were sampled from
 * @param datasetSize  subnets in the dataset priced (the paper's optimum is 4,000)
 * @param latenciesMs  the sampled subnets' latencies (medians)
 * @param measureMs    the sampled subnets' measurement wall times
 * @param info         how the first subnet was measured
 */
public record DatasetTime(String spaceId, int datasetSize, List<Double> latenciesMs, List<Double> measureMs,
                          MeasurementInfo info) {

    public DatasetTime {
        latenciesMs = List.copyOf(latenciesMs);
        measureMs = List.copyOf(measureMs);
    }

    /**
     * Measures {@code sampleSize} subnets drawn uniformly from the space, each at a resolution drawn
     * from {@code resolutions}, at batch size 1.
     *
     * @throws InvalidInputException when the sample or dataset size is below 1, or a resolution is not in the space
     */
    public static DatasetTime measure(SearchSpace space, int[] resolutions, Meter meter, int sampleSize,
                                      int datasetSize, long seed, MeasureProgress progress) {
        if (sampleSize < 1 || datasetSize < 1) {
            throw new InvalidInputException("sample", "sample size " + sampleSize + " and dataset size "
                    + datasetSize + " must both be at least 1");
        }
        if (resolutions.length == 0) {
            throw new InvalidInputException("r", "a dataset sample needs at least one resolution");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Architecture> archs = new ArrayList<>();
        for (int i = 0; i < sampleSize; i++) {
            Architecture arch = space.sample(rng).withResolution(resolutions[rng.nextInt(resolutions.length)]);
            space.validate(arch);
            archs.add(arch);
        }
        List<Double> latencies = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        MeasurementInfo info = null;
        for (Architecture arch : archs) {
            Measurement m = meter.measure(arch, 1);
            latencies.add(m.medianMs());
            wall.add(m.wallTime().toNanos() / 1e6);
            if (info == null) {
                info = m.info();
            }
            progress.measured(latencies.size(), archs.size(), m);
        }
        return new DatasetTime(space.id(), datasetSize, latencies, wall, info);
    }

    /** Subnets measured to make the estimate. */
    public int sampled() {
        return latenciesMs.size();
    }

    public double meanLatencyMs() {
        return latenciesMs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    public double meanMeasureMs() {
        return measureMs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Paper §5.3's dataset cost: the dataset size times the mean sampled latency, in seconds. */
    public double latencySumSeconds() {
        return datasetSize * meanLatencyMs() / 1e3;
    }

    /** The dataset size times the mean sampled measurement wall time, in seconds. */
    public double measureSeconds() {
        return datasetSize * meanMeasureMs() / 1e3;
    }
}
