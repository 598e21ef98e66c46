package io.latnas.measure.external;

/**
 * An external meter gave no usable latency for an architecture. It carries the meter's name, what
 * kind of failure it was and a one-line reason, so a caller can record the failure with the
 * architecture instead of a number and decide whether to go on.
 */
public class MeasurementFailedException extends RuntimeException {

    /** What went wrong; {@link #meterUsable()} tells whether later requests may still succeed. */
    public enum Kind {
        /** The meter answered this request with an {@code error}; its message is the reason. */
        METER_ERROR,
        /** The meter answered this request in order, but its {@code latency_ms} is missing or unusable. */
        INVALID_LATENCY,
        /** Both attempts failed: the meter crashed, timed out or replied out of order, and was restarted. */
        ATTEMPTS_FAILED,
        /** The meter cannot be used: it would not start, it gave up after too many restarts, or it was closed. */
        METER_UNAVAILABLE,
        /** The calling thread was interrupted while waiting; the meter was stopped and restarts on the next request. */
        INTERRUPTED
    }

    private final String meterName;
    private final Kind kind;
    private final String reason;

    public MeasurementFailedException(String meterName, Kind kind, String reason) {
        super("meter '" + meterName + "': " + reason);
        this.meterName = meterName;
        this.kind = kind;
        this.reason = reason;
    }

    public String meterName() {
        return meterName;
    }

    public Kind kind() {
        return kind;
    }

    /** Why no latency was given, in one line, without the meter's name. */
    public String reason() {
        return reason;
    }

    /** Whether the meter may still answer later requests; false once it is unavailable. */
    public boolean meterUsable() {
        return kind != Kind.METER_UNAVAILABLE;
    }
}
