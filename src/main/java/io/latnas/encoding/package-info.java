/**
 * Encoders that turn latency queries into predictor inputs, each with a stable id that models
 * record: the paper's 128-long one-hot vector, its 131-long hardware-aware form, richer ones with
 * the exact resolution or cost-model features, and the {@code gpu-generalised} input with
 * standardised log GPU specs and batch size. Depends only on {@code space} and {@code cost}.
 */
package io.latnas.encoding;
