package io.latnas.http;

import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;
import java.util.function.Function;

import static org.apache.pekko.http.javadsl.server.Directives.extractRequestEntity;
import static org.apache.pekko.http.javadsl.server.Directives.extractStrictEntity;
import static org.apache.pekko.http.javadsl.server.Directives.withSizeLimit;

/** Reading JSON request bodies: the content type, the size limit, then {@link Json#read}. */
final class Bodies {

    /** Long enough for a client on a slow link to send the largest body allowed. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private Bodies() {
    }

    /**
     * Reads the body as {@code type} and hands it on; answers 415 for another content type and 413 for
     * a body over {@code latnas.http.max-body-bytes}, before reading it where its length is declared.
     */
    static <T> Route json(HttpSettings settings, Class<T> type, Function<T, Route> inner) {
        return extractRequestEntity(entity -> {
            if (entity.isKnownEmpty()) {
                throw new ApiException(ErrorCode.MALFORMED_JSON, null, "the request body is empty; send a JSON"
                        + " object");
            }
            if (!entity.getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON)) {
                throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "send the body as"
                        + " application/json (header Content-Type: application/json); got "
                        + entity.getContentType().mediaType());
            }
            if (entity.getContentLengthOption().isPresent()
                    && entity.getContentLengthOption().getAsLong() > settings.limits().maxBodyBytes()) {
                throw tooLarge(settings);
            }
            if (entity instanceof HttpEntity.Strict strict) {
                // Already in memory and within the limit (its length is declared): no stream to run.
                return inner.apply(Json.read(strict.getData().toArray(), type));
            }
            // The size limit on the entity itself: a body without a declared length (chunked) that runs over it
            // fails with EntityStreamSizeException, which is answered 413.
            return withSizeLimit(settings.limits().maxBodyBytes(), () -> extractStrictEntity(READ_TIMEOUT,
                    strict -> inner.apply(Json.read(strict.getData().toArray(), type))));
        });
    }

    static ApiException tooLarge(HttpSettings settings) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, null, "the request body is larger than "
                + settings.limits().maxBodyBytes() + " bytes (latnas.http.max-body-bytes); send less at once");
    }
}
