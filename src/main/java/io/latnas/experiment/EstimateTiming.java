package io.latnas.experiment;

/**
 * The time of one latency estimate by one strategy (paper Table 5): the mean over {@code calls}
 * single-architecture calls, each a distinct random subnet, timed on a second pass over them. For
 * {@code predictor+memo} every timed call is therefore a memo hit, the case the memo is there for.
 */
public record EstimateTiming(String spaceId, NasStrategy strategy, int calls, double meanMicros) {
}
