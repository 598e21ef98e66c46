package io.latnas.measure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a lookup-table build measured and what it cost. Paper §5.3 prices a table as the sum of its
 * blocks' latencies (one run each); beside that stand the time really spent in timed runs and the
 * wall time of the whole protocol (network builds, warm-up and timed runs). When the plan held only
 * some of the table's keys, the {@code extrapolated} figures scale the measured ones by
 * {@code keysRequired / keysMeasured}: an extrapolation from the keys measured, not a measurement.
 *
 * @param spaceId      the search space
 * @param hardwareId   the meter's hardware id
 * @param resolutions  the table's resolutions
 * @param keysMeasured blocks measured and written
 * @param keysRequired keys of the full table over these resolutions
 * @param files        the YAML files written, one per resolution measured
 * @param latencySumMs sum of the measured blocks' mean latencies
 * @param timedRunsMs  sum of every timed run of every block
 * @param measureWall  sum of the measurements' wall times: builds, warm-up and timed runs
 * @param buildWall    wall time of the whole build, writing the files included
 * @param info         how the first block was measured
 */
public record BuildReport(String spaceId, String hardwareId, List<Integer> resolutions, int keysMeasured,
                          int keysRequired, List<Path> files, double latencySumMs, double timedRunsMs,
                          Duration measureWall, Duration buildWall, MeasurementInfo info) {

    public BuildReport {
        resolutions = List.copyOf(resolutions);
        files = List.copyOf(files);
    }

    /** Whether every key of the table was measured. */
    public boolean isComplete() {
        return keysMeasured == keysRequired;
    }

    /** Full-table keys per measured key: 1 for a complete build. */
    public double scale() {
        return keysMeasured == 0 ? Double.NaN : (double) keysRequired / keysMeasured;
    }

    /** The full table's sum of block latencies, extrapolated from the keys measured when incomplete. */
    public double extrapolatedLatencySumMs() {
        return latencySumMs * scale();
    }

    /** The full table's timed-run time, extrapolated from the keys measured when incomplete. */
    public double extrapolatedTimedRunsMs() {
        return timedRunsMs * scale();
    }

    /** The full table's measurement wall time, extrapolated from the keys measured when incomplete. */
    public Duration extrapolatedMeasureWall() {
        return Duration.ofNanos(Math.round(measureWall.toNanos() * scale()));
    }

    /** A few lines for a person. */
    public String summary() {
        String scope = isComplete() ? "all " + keysRequired + " keys"
                : keysMeasured + " of " + keysRequired + " keys (full-table figures extrapolated from these)";
        return String.format("lookup table of %s on %s at r=%s: %s%n"
                        + "  sum of block latencies %.3f s (full table %.3f s)%n"
                        + "  timed runs %.3f s (full table %.3f s)%n"
                        + "  measurement wall %.1f s (full table %.1f s), build wall %.1f s",
                spaceId, hardwareId, resolutions, scope, latencySumMs / 1e3, extrapolatedLatencySumMs() / 1e3,
                timedRunsMs / 1e3, extrapolatedTimedRunsMs() / 1e3, measureWall.toMillis() / 1e3,
                extrapolatedMeasureWall().toMillis() / 1e3, buildWall.toMillis() / 1e3);
    }
}
