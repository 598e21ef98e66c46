package io.latnas.space;

import io.latnas.common.InvalidInputException;

/** An architecture that is malformed or lies outside its search space; the message names the field and value. */
public class InvalidArchitectureException extends InvalidInputException {

    public InvalidArchitectureException(String field, String message) {
        super(field, message);
    }

    public InvalidArchitectureException(String field, String message, Throwable cause) {
        super(field, message, cause);
    }
}
