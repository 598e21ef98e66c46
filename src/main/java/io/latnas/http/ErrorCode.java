package io.latnas.http;

import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

import java.util.Locale;

/** The machine-readable codes of the error model, each with the status it is answered with. */
public enum ErrorCode {
    /** The body is not JSON, is empty, or has trailing or duplicate content. */
    MALFORMED_JSON(StatusCodes.BAD_REQUEST),
    /** A value has the wrong JSON type, or the body is not an object. */
    WRONG_TYPE(StatusCodes.BAD_REQUEST),
    UNKNOWN_FIELD(StatusCodes.BAD_REQUEST),
    MISSING_FIELD(StatusCodes.BAD_REQUEST),
    /** A value is of the right type but not allowed: out of range, an unknown id, a bad file name. */
    INVALID_VALUE(StatusCodes.BAD_REQUEST),
    /** An architecture is malformed or lies outside its search space. */
    INVALID_ARCHITECTURE(StatusCodes.BAD_REQUEST),
    /** Anything else the request got wrong (a malformed query or header). */
    BAD_REQUEST(StatusCodes.BAD_REQUEST),
    UNAUTHORIZED(StatusCodes.UNAUTHORIZED),
    /** No resource with this id. */
    NOT_FOUND(StatusCodes.NOT_FOUND),
    /** No route with this path. */
    ROUTE_NOT_FOUND(StatusCodes.NOT_FOUND),
    METHOD_NOT_ALLOWED(StatusCodes.METHOD_NOT_ALLOWED),
    /** The request clashes with work already running (a dataset file being written). */
    CONFLICT(StatusCodes.CONFLICT),
    PAYLOAD_TOO_LARGE(StatusCodes.PAYLOAD_TOO_LARGE),
    /** The request was valid, but the model could not answer it (e.g. a replayed source lacks the architecture). */
    PREDICTION_FAILED(StatusCodes.UNPROCESSABLE_CONTENT),
    UNSUPPORTED_MEDIA_TYPE(StatusCodes.UNSUPPORTED_MEDIA_TYPE),
    /** A queue is full; try again after Retry-After. */
    OVERLOADED(StatusCodes.SERVICE_UNAVAILABLE),
    /** An actor did not answer in time, or the service does not run on this node. */
    UNAVAILABLE(StatusCodes.SERVICE_UNAVAILABLE),
    /** The node has not finished starting (GET /v1/ready). */
    NOT_READY(StatusCodes.SERVICE_UNAVAILABLE),
    /** A fault of the server, never of the request; the log has the details. */
    INTERNAL_ERROR(StatusCodes.INTERNAL_SERVER_ERROR);

    private final StatusCode status;

    ErrorCode(StatusCode status) {
        this.status = status;
    }

    public StatusCode status() {
        return status;
    }

    /** The code as the body spells it: {@code unknown_field}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the answer carries Retry-After. */
    public boolean retryable() {
        return this == OVERLOADED || this == UNAVAILABLE || this == NOT_READY;
    }
}
