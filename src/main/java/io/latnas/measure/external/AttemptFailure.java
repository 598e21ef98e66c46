package io.latnas.measure.external;

/**
 * One try at a meter went wrong in a way that leaves its process unusable (it crashed, timed out, would
 * not start, or printed something other than the reply awaited); the process is stopped and a fresh
 * one serves the next try. Never leaves this package.
 */
final class AttemptFailure extends Exception {

    AttemptFailure(String reason) {
        super(reason, null, false, false);
    }

    String reason() {
        return getMessage();
    }
}
