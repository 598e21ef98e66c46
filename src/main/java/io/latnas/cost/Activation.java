package io.latnas.cost;

/** The non-linearity applied to a layer's output, after its batch norm when it has one. */
public enum Activation {
    NONE,
    RELU,
    H_SWISH,
    H_SIGMOID
}
