/**
 * OFA's evolutionary search as plain Java: an {@code EvolutionFinder} handed a batch latency
 * evaluator and an accuracy estimator, neither of which it looks inside, that finds the most
 * accurate subnet under each latency constraint; plus the evaluator adapters (a latency source, a
 * memoising cache). Depends on {@code space}, {@code latency}, {@code accuracy} and Caffeine; knows
 * nothing of actors.
 */
package io.latnas.search;
