package io.latnas.runtime.search;

/** A generation's latencies could not be had: every try of some part of it failed or went unanswered. */
public final class GenerationFailedException extends RuntimeException {

    public GenerationFailedException(String message) {
        super(message);
    }
}
