/**
 * Latency inference as the serving side sees it: a {@code BatchLatencyModel} answers a whole batch of
 * architectures in one call (a trained predictor as a {@code TrainedModel}, or a latency source standing
 * in for one), and a {@code LatencyCache} remembers answers node-wide by model, architecture and batch
 * size. Plain Java; depends on {@code space}, {@code latency}, {@code predictor} and Caffeine, never on actors.
 */
package io.latnas.inference;
