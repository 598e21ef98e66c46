package io.latnas.http;

import io.latnas.common.InvalidInputException;
import io.latnas.http.dto.ApiError;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.Allow;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.MethodRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.server.UnsupportedRequestContentTypeRejection;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;

/**
 * The whole API as one route: the route table of every {@link RouteGroup}, behind the bearer-token check,
 * counted by {@link HttpMetrics}, with every rejection and failure answered in the JSON error model. Bad
 * input is answered 4xx; only a fault of the server itself is a 500.
 */
public final class ApiRoutes {

    /** The version prefix every path carries. */
    public static final String PREFIX = "/v1";
    /** The one path the token check leaves open, so that a load balancer can probe liveness. */
    public static final String OPEN_PATH = PREFIX + "/health";

    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    private final HttpSettings settings;
    private final HttpMetrics metrics;
    private final List<Endpoint> endpoints;
    private final Optional<byte[]> tokenDigest;

    public ApiRoutes(HttpSettings settings, HttpMetrics metrics, List<? extends RouteGroup> groups) {
        this.settings = settings;
        this.metrics = metrics;
        List<Endpoint> all = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RouteGroup group : groups) {
            for (Endpoint endpoint : group.endpoints()) {
                if (!seen.add(endpoint.method().value() + " " + endpoint.path())) {
                    throw new IllegalArgumentException("two routes answer " + endpoint.method().value() + " "
                            + endpoint.path());
                }
                all.add(endpoint);
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no routes to serve");
        }
        this.endpoints = List.copyOf(all);
        this.tokenDigest = settings.token().map(ApiRoutes::sha256);
    }

    /** Every method and path template served, in table order. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /** The route to bind. */
    public Route route() {
        // Built once: the directives run per request, the tree and its handlers need not be rebuilt for each.
        Route table = table();
        Route guarded = handleExceptions(exceptionHandler(), () -> handleRejections(rejectionHandler(),
                () -> authorized(table)));
        return counted(guarded);
    }

    private Route table() {
        List<Route> routes = endpoints.stream().map(Endpoint::route).toList();
        return concat(routes.get(0), routes.subList(1, routes.size()).toArray(Route[]::new));
    }

    /** The template a request path falls on, for metrics labels. */
    String templateOf(String requestPath) {
        for (Endpoint endpoint : endpoints) {
            if (endpoint.matchesPath(requestPath)) {
                return endpoint.path();
            }
        }
        return HttpMetrics.UNMATCHED;
    }

    private Route counted(Route inner) {
        return extractRequest(request -> {
            long start = System.nanoTime();
            String template = templateOf(request.getUri().path());
            String method = request.method().value();
            return mapResponse(response -> {
                metrics.record(template, method, response.status().intValue(), System.nanoTime() - start);
                return response;
            }, () -> inner);
        });
    }

    private Route authorized(Route inner) {
        if (tokenDigest.isEmpty()) {
            return inner;
        }
        return extractRequest(request -> {
            if (OPEN_PATH.equals(request.getUri().path()) || carriesToken(request)) {
                return inner;
            }
            HttpResponse response = Json.error(ErrorCode.UNAUTHORIZED, new ApiError(ErrorCode.UNAUTHORIZED.id(),
                    "Authorization", request.getHeader("Authorization").isPresent()
                    ? "the bearer token is wrong; send the token the server was started with"
                    : "this server requires a token; send the header Authorization: Bearer <token>"),
                    settings.retryAfter());
            return complete(response.addHeader(WWWAuthenticate.create(HttpChallenge.create("Bearer", "latnas"))));
        });
    }

    /** Compares digests, so the time taken says nothing about how much of the token was right, nor its length. */
    private boolean carriesToken(HttpRequest request) {
        Optional<HttpHeader> header = request.getHeader("Authorization");
        if (header.isEmpty()) {
            return false;
        }
        String value = header.get().value().trim();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(sha256(value.substring(7).trim()), tokenDigest.get());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private RejectionHandler rejectionHandler() {
        return RejectionHandler.newBuilder()
                .handleAll(MethodRejection.class, rejections -> {
                    List<HttpMethod> allowed = rejections.stream().map(MethodRejection::supported).distinct().toList();
                    String names = allowed.stream().map(HttpMethod::value).collect(Collectors.joining(", "));
                    return extractRequest(request -> complete(error(ErrorCode.METHOD_NOT_ALLOWED, null,
                            request.method().value() + " is not allowed on " + request.getUri().path() + "; use "
                                    + names).addHeader(Allow.create(allowed.toArray(HttpMethod[]::new)))));
                })
                .handle(UnsupportedRequestContentTypeRejection.class, rejection -> complete(error(
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "send the body as application/json")))
                .handle(MalformedRequestContentRejection.class, rejection -> complete(
                        rejection.getCause() instanceof EntityStreamSizeException
                                ? tooLarge() : error(ErrorCode.MALFORMED_JSON, null, rejection.message())))
                .handleNotFound(extractRequest(request -> complete(error(ErrorCode.ROUTE_NOT_FOUND, null,
                        "no route " + request.method().value() + " " + request.getUri().path()
                                + "; GET " + PREFIX + "/openapi.json lists them"))))
                .build()
                .withFallback(RejectionHandler.defaultHandler().mapRejectionResponse(this::asJsonError));
    }

    /** Pekko's own answer to a rejection we do not name, with its text moved into the error model. */
    private HttpResponse asJsonError(HttpResponse response) {
        int status = response.status().intValue();
        ErrorCode code = status == 413 ? ErrorCode.PAYLOAD_TOO_LARGE
                : status == 415 ? ErrorCode.UNSUPPORTED_MEDIA_TYPE
                : status == 401 ? ErrorCode.UNAUTHORIZED
                : status == 404 ? ErrorCode.ROUTE_NOT_FOUND
                : status == 405 ? ErrorCode.METHOD_NOT_ALLOWED
                : status >= 500 ? ErrorCode.INTERNAL_ERROR
                : ErrorCode.BAD_REQUEST;
        String text = response.entity() instanceof HttpEntity.Strict strict
                ? strict.getData().utf8String() : response.status().reason();
        return Json.response(response.status(), new ApiError(code.id(), null, text)).addHeaders(response.getHeaders());
    }

    private ExceptionHandler exceptionHandler() {
        return ExceptionHandler.newBuilder().matchAny(e -> complete(failure(e))).build();
    }

    private HttpResponse failure(Throwable thrown) {
        Throwable e = unwrap(thrown);
        if (e instanceof ApiException api) {
            return Json.error(api, settings.retryAfter());
        }
        if (e instanceof InvalidInputException invalid) {
            return Json.error(Json.fromInvalidInput(invalid), settings.retryAfter());
        }
        if (e instanceof EntityStreamSizeException) {
            return tooLarge();
        }
        if (e instanceof IllegalRequestException illegal) {
            // Pekko's own verdict on a request it could not read, e.g. a chunked body over the size limit.
            return illegal.status().intValue() == 413 ? tooLarge()
                    : error(ErrorCode.BAD_REQUEST, null, illegal.info().formatPretty());
        }
        if (e instanceof TimeoutException) {
            return error(ErrorCode.UNAVAILABLE, null, "the service did not answer within " + settings.askTimeout()
                    + "; it may be busy, try again shortly");
        }
        log.error("request failed", e);
        return error(ErrorCode.INTERNAL_ERROR, null, "the server failed to answer (" + e.getClass().getSimpleName()
                + "); its log has the details");
    }

    private HttpResponse tooLarge() {
        return Json.error(Bodies.tooLarge(settings), settings.retryAfter());
    }

    private HttpResponse error(ErrorCode code, String field, String message) {
        return Json.error(code, new ApiError(code.id(), field, message), settings.retryAfter());
    }

    private static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
