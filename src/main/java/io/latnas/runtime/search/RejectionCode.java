package io.latnas.runtime.search;

/** Why a search was not accepted, for clients to act on without parsing the sentence. */
public enum RejectionCode {
    /** A field is missing or out of range (constraints, batch size, population, generations, model). */
    INVALID_SPEC,
    UNKNOWN_SPACE,
    UNKNOWN_STRATEGY,
    /** The hardware catalog does not know the hardware (simulated and lookup-table strategies). */
    UNKNOWN_HARDWARE,
    /** The hardware has no lookup table, or its table is for another network width or batch size. */
    NO_LOOKUP_TABLE,
    /** No predictor pool serves the model. */
    UNKNOWN_MODEL,
    /** The model predicts for another hardware or space than the request names. */
    MODEL_MISMATCH,
    /** No measurement actor serves the hardware and space. */
    NO_MEASUREMENT_ACTORS,
    /** As many searches run and wait as the supervisor allows; ask again after the retry hint. */
    QUEUE_FULL,
    /** A check could not be made in time (the Receptionist or a pool did not answer). */
    UNAVAILABLE
}
