/**
 * Datasets of (architecture, latency) pairs (paper §4.1): the record and dataset types, their wide
 * (help-ofa) and long CSV forms, seeded train/validation/test splits and the creator that samples a
 * search space and asks a latency source. Plain Java; depends on {@code common}, {@code space} and the
 * {@code LatencySource} interface of {@code latency}.
 */
package io.latnas.dataset;
