/**
 * Hyper-parameter search for latency predictors (paper §4.2.2): a grid over learning rate, weight
 * decay and momentum scheduled by Asynchronous Successive Halving. The scheduler is plain Java over a
 * {@link io.latnas.tune.TrialFactory}; only {@link io.latnas.tune.MlpTrials} knows the predictor package.
 */
package io.latnas.tune;
