package io.latnas.http;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import static org.apache.pekko.http.javadsl.server.Directives.complete;

/** {@code GET /v1/openapi.json}: the hand-written OpenAPI 3 document of every route in the table. */
public final class OpenApiRoutes implements RouteGroup {

    /** Where the document lives on the class path. */
    public static final String RESOURCE = "io/latnas/http/openapi.json";

    private final HttpResponse document;

    public OpenApiRoutes() {
        this.document = HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                document()));
    }

    /** The document's bytes. */
    public static byte[] document() {
        try (InputStream in = OpenApiRoutes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.get(ApiRoutes.PREFIX + "/openapi.json", () -> complete(document)));
    }
}
