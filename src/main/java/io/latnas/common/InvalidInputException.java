package io.latnas.common;

/**
 * Input from a user (a file, a flag, a request body) that cannot be used. The message is one
 * sentence naming what was wrong; front ends print it as it is and never a stack trace.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String message) {
        this(null, message, null);
    }

    public InvalidInputException(String field, String message) {
        this(field, message, null);
    }

    public InvalidInputException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The field or argument at fault, or {@code null} when the input as a whole is at fault. */
    public String field() {
        return field;
    }
}
