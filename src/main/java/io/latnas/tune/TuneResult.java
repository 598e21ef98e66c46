package io.latnas.tune;

import java.time.Duration;
import java.util.List;

/**
 * The outcome of a search.
 *
 * @param method        {@code asha} or {@code full-grid}
 * @param trials        one record per configuration, in grid order
 * @param best          the lowest loss at the highest rung any trial reached (ties to the lower grid index)
 * @param epochsTrained epochs trained over all trials, counting retraining
 * @param wallTime      elapsed time of the whole search
 */
public record TuneResult(String method, List<TrialRecord> trials, TrialRecord best, long epochsTrained,
                         Duration wallTime) {

    public TuneResult {
        trials = List.copyOf(trials);
    }
}
