package io.latnas.measure;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The timed forward passes of one network (a subnet or a single block) and their summary. The latency
 * is the median; the spread is given as quartiles, median absolute deviation and extremes.
 *
 * @param subject    what was measured: the architecture's help-ofa form, or a lookup-table key
 * @param runsMs     every timed run in milliseconds, in the order run
 * @param medianMs   the latency
 * @param meanMs     mean of the runs, what OFA's lookup tables store
 * @param stdMs      sample standard deviation of the runs
 * @param q1Ms       first quartile
 * @param q3Ms       third quartile
 * @param madMs      median absolute deviation from the median
 * @param cpuMs      CPU time of the measuring thread during each timed run, in milliseconds (NaN where
 *                   the JVM cannot say): the whole pass at one thread, less disturbed than wall time
 *                   when other work shares the CPUs; at more threads only the measuring thread's share
 * @param medianCpuMs median of {@code cpuMs}
 * @param cpuPerWall process CPU time per wall-clock time over all the timed runs: about the threads
 *                   really busy, below 1 when the CPUs were shared with other work (the process
 *                   clock moves in 10 ms ticks on Linux, so it is rough for short measurements)
 * @param startedAt  when the measurement started, after the device lock was taken
 * @param finishedAt when the measurement ended, before the device lock was released
 * @param buildTime  time spent building the network (zero when it came from the meter's cache)
 * @param wallTime   the whole measurement inside the lock: build, warm-up and timed runs
 */
public record Measurement(String subject, List<Double> runsMs, double medianMs, double meanMs, double stdMs,
                          double minMs, double maxMs, double q1Ms, double q3Ms, double madMs, List<Double> cpuMs,
                          double medianCpuMs, double cpuPerWall, Instant startedAt, Instant finishedAt,
                          Duration buildTime, Duration wallTime,
                          MeasurementInfo info) {

    public Measurement {
        runsMs = List.copyOf(runsMs);
        cpuMs = List.copyOf(cpuMs);
    }

    /**
     * Summarises the runs of one measurement.
     *
     * @param runsMs wall time of each timed run
     * @param cpuMs  CPU time of the measuring thread in each timed run, NaN where unknown
     */
    public static Measurement of(String subject, double[] runsMs, double[] cpuMs, double cpuPerWall,
                                 Instant startedAt, Instant finishedAt, Duration buildTime, Duration wallTime,
                                 MeasurementInfo info) {
        if (runsMs.length == 0 || cpuMs.length != runsMs.length) {
            throw new IllegalArgumentException("a measurement needs at least one timed run and a CPU time for each");
        }
        double[] sorted = runsMs.clone();
        Arrays.sort(sorted);
        return new Measurement(subject, Arrays.stream(runsMs).boxed().toList(), Statistics.quantile(sorted, 0.5),
                Statistics.mean(runsMs), Statistics.std(runsMs), sorted[0], sorted[sorted.length - 1],
                Statistics.quantile(sorted, 0.25), Statistics.quantile(sorted, 0.75),
                Statistics.medianAbsoluteDeviation(runsMs), Arrays.stream(cpuMs).boxed().toList(),
                Statistics.median(cpuMs), cpuPerWall, startedAt, finishedAt,
                buildTime, wallTime, info);
    }

    /** Interquartile range. */
    public double iqrMs() {
        return q3Ms - q1Ms;
    }

    /** Sum of the timed runs. */
    public double timedMs() {
        double sum = 0;
        for (double run : runsMs) {
            sum += run;
        }
        return sum;
    }

    public int batchSize() {
        return info.batchSize();
    }

    /**
     * One line: median, IQR, range and CPU time, e.g.
     * {@code 12.31 ms (IQR 0.40, 11.90..13.50, n=10, 1 thread, CPU 12.20 ms/run)}.
     */
    public String summary() {
        return String.format("%.2f ms (IQR %.2f, %.2f..%.2f, n=%d, %d thread%s, CPU %.2f ms/run)", medianMs, iqrMs(),
                minMs, maxMs, runsMs.size(), info.threads(), info.threads() == 1 ? "" : "s", medianCpuMs);
    }
}
