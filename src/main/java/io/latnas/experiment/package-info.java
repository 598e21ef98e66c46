/**
 * Experiments that put the pieces together the way the paper does: {@code NasExperiment} runs OFA's
 * evolutionary search under several latency constraints with each latency estimation strategy
 * (lookup table, predictor, predictor with memoization, measurement) and reports search time,
 * latency evaluations, cache hits and the winners (paper §5.6, Table 5, Fig. 8). Plain Java; depends
 * on {@code space}, {@code latency}, {@code dataset}, {@code predictor}, {@code search} and
 * {@code accuracy}, never on actors.
 */
package io.latnas.experiment;
