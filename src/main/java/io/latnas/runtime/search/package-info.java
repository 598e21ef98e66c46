/**
 * Searches as a service: a {@code SearchSupervisor} admits, queues, runs (one child per search), reports
 * on and forgets evolutionary searches, each with the latency strategy its request names (a predictor
 * pool, with or without the per-search memo, a lookup table, measurement actors or the simulator).
 * Searches run on a dedicated dispatcher; actor-backed strategies fan each generation out through a
 * short-lived aggregator. Depends on {@code search}, {@code accuracy}, {@code latency}, {@code hardware},
 * {@code runtime.predict}, {@code runtime.measure} and {@code runtime.serialization}.
 */
package io.latnas.runtime.search;
