package io.latnas.cli;

import io.latnas.common.InvalidInputException;

import java.util.Arrays;

/** Argument checks whose failures read as one line naming the flag. */
final class CliChecks {

    private CliChecks() {
    }

    static int positive(String flag, int value) {
        if (value <= 0) {
            throw new InvalidInputException(flag, flag + " must be positive; got " + value);
        }
        return value;
    }

    static String oneOf(String flag, String value, String... allowed) {
        if (!Arrays.asList(allowed).contains(value)) {
            throw new InvalidInputException(flag, flag + " must be one of " + String.join(", ", allowed) + "; got '"
                    + value + "'");
        }
        return value;
    }
}
