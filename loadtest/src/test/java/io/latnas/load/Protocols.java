package io.latnas.load;

import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.http.HttpProtocolBuilder;

/** The HTTP client every simulation uses. */
final class Protocols {

    private Protocols() {
    }

    /**
     * JSON in and out, and one connection pool shared by all virtual users, as a service calling the API
     * would have: with a connection per user, 10,000 users a second would spend the run opening sockets
     * and run out of local ports.
     */
    static HttpProtocolBuilder json(LoadSettings settings) {
        HttpProtocolBuilder protocol = http.baseUrl(settings.baseUrl())
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .shareConnections()
                .warmUp(settings.baseUrl() + "/v1/health");
        // The server's own variable (docs/API.md, Authentication), for a server that is not on loopback.
        String token = System.getenv("LATNAS_HTTP_TOKEN");
        return token == null || token.isEmpty() ? protocol : protocol.authorizationHeader("Bearer " + token);
    }
}
