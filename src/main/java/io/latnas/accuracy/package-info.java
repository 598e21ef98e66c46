/**
 * Accuracy estimation for OFA subnets: the {@code AccuracyEstimator} interface the search maximises,
 * a documented surrogate calibrated to OFA's published accuracy-versus-MACs points, OFA's own MLP
 * accuracy predictor run from exported weights, and a reader for (architecture, accuracy) CSV files.
 * Plain Java; depends on {@code space}, {@code cost}, {@code encoding}, {@code common} and Jackson.
 */
package io.latnas.accuracy;
