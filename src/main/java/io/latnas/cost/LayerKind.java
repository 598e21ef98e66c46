package io.latnas.cost;

/** What a layer computes; a roofline model prices each kind differently. */
public enum LayerKind {
    /** A dense convolution, pointwise (1x1) ones included. */
    CONV,
    /** A depthwise convolution: groups equal channels. */
    DEPTHWISE_CONV,
    /** A fully connected layer (the classifier). */
    LINEAR,
    /** A global average pool over the whole map (squeeze-excitation's squeeze and the head's pool). */
    GLOBAL_POOL,
    /** Squeeze-excitation's channel-wise multiply of the map by its attention vector. */
    SCALE,
    /** The residual add of an identity skip. */
    ADD
}
