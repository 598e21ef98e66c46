package io.latnas.http.dto;

import io.latnas.common.InvalidInputException;

/** A request body lacks a field it needs, or gives it as {@code null}. */
public final class MissingFieldException extends InvalidInputException {

    public MissingFieldException(String field, String message) {
        super(field, message);
    }

    /** {@code value}, or a failure naming the field and what it should hold. */
    public static <T> T require(String field, T value, String what) {
        if (value == null) {
            throw new MissingFieldException(field, "'" + field + "' is required: " + what);
        }
        return value;
    }
}
