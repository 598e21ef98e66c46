/**
 * Encoders that turn latency queries into predictor inputs, each with a stable id that models
 * record: the paper's 128-long one-hot vector and its 131-long hardware-aware form. Depends only on
 * {@code space}.
 */
package io.latnas.encoding;
