package io.latnas.http;

import io.latnas.http.dto.ApiError;

/**
 * A request the API answers with an error body rather than a result; routes throw it and
 * {@link ApiRoutes}' exception handler writes it out.
 */
public final class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public ApiException(ErrorCode code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(ErrorCode.NOT_FOUND, "id", "no " + what + " with id '" + id + "'");
    }

    /** A 503 for a route whose service runs only on nodes with {@code role}. */
    public static ApiException roleNotRunning(String role) {
        return new ApiException(ErrorCode.UNAVAILABLE, null, "this node does not run the " + role + " role; start"
                + " it with --roles including " + role);
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    public ApiError body() {
        return new ApiError(code.id(), field, getMessage());
    }
}
