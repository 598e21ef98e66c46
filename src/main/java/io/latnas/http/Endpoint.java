package io.latnas.http;

import org.apache.pekko.http.javadsl.model.HttpMethod;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.apache.pekko.http.javadsl.server.Directives.pathEnd;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;

/**
 * One row of the route table: a method, a path template such as {@code /v1/datasets/{id}}, and what
 * answers it. The server's routes, its metrics labels and the OpenAPI test all read the same rows, so a
 * route cannot be served without being listed.
 *
 * @param handler gets the path's {@code {parameters}} in order
 */
public record Endpoint(HttpMethod method, String path, Function<List<String>, Route> handler) {

    public Endpoint {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler");
        if (path == null || !path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("a path template starts with / and does not end with it: " + path);
        }
    }

    public static Endpoint get(String path, Supplier<Route> handler) {
        return new Endpoint(HttpMethods.GET, path, params -> handler.get());
    }

    public static Endpoint get(String path, Function<String, Route> handler) {
        return new Endpoint(HttpMethods.GET, path, params -> handler.apply(params.get(0)));
    }

    public static Endpoint post(String path, Supplier<Route> handler) {
        return new Endpoint(HttpMethods.POST, path, params -> handler.get());
    }

    public static Endpoint delete(String path, Function<String, Route> handler) {
        return new Endpoint(HttpMethods.DELETE, path, params -> handler.apply(params.get(0)));
    }

    /** The route: the path first, then the method, so that a known path asked with another method is a 405. */
    public Route route() {
        return match(segments(), 0, List.of());
    }

    /** Whether a request path (without query) falls on this template, whatever the method. */
    public boolean matchesPath(String requestPath) {
        List<String> template = segments();
        List<String> actual = split(requestPath);
        if (template.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            String t = template.get(i);
            String a = actual.get(i);
            if (a.isEmpty() || (!isParameter(t) && !t.equals(a))) {
                return false;
            }
        }
        return true;
    }

    private Route match(List<String> segments, int index, List<String> params) {
        if (index == segments.size()) {
            return pathEnd(() -> Directives.method(method, () -> handler.apply(params)));
        }
        String segment = segments.get(index);
        if (isParameter(segment)) {
            return pathPrefix(PathMatchers.segment(), value -> {
                List<String> more = new ArrayList<>(params);
                more.add(value);
                return match(segments, index + 1, List.copyOf(more));
            });
        }
        return pathPrefix(segment, () -> match(segments, index + 1, params));
    }

    private List<String> segments() {
        return split(path);
    }

    private static List<String> split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        return Arrays.asList(trimmed.split("/", -1));
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }
}
