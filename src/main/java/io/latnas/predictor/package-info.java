/**
 * Learned latency predictors (paper §4.2): the MLP trainer and the immutable predictor it makes,
 * target normalisation, fine-tuning with frozen layers, evaluation metrics and plots. Depends on
 * {@code space}, {@code encoding} and {@code common}, on Deeplearning4j for the network and XChart
 * for plots; knows nothing of datasets on disk, actors or HTTP.
 */
package io.latnas.predictor;
