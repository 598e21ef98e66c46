/**
 * One latency predictor for many GPUs (paper §4.3, §5.5): training rows from simulated catalog GPUs
 * and measured help-ofa GPUs carrying each GPU's specs, leave-one-GPU-out evaluation (zero-shot and
 * few-shot with a per-GPU scale calibration) and prediction for any catalog GPU by id. Depends on
 * {@code predictor}, {@code encoding}, {@code hardware}, {@code latency}, {@code dataset} and {@code space}.
 */
package io.latnas.generalise;
