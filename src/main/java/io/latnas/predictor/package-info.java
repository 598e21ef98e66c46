/**
 * Learned latency predictors (paper §4.2): the MLP trainer and the immutable predictor it makes,
 * target normalisation, fine-tuning with frozen layers, evaluation metrics and plots, and the turn
 * of in-memory latency datasets into training rows. Depends on {@code space}, {@code encoding},
 * {@code dataset} (records only), {@code hardware} (catalog features) and {@code common}, on
 * Deeplearning4j for the network and XChart for plots; knows nothing of files beyond its own model
 * format, actors or HTTP.
 */
package io.latnas.predictor;
