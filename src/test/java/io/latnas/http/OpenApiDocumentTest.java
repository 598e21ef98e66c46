package io.latnas.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document and the route table agree: every route served is documented, every documented
 * operation is served (asked through the route, it is neither a route_not_found nor a 405), and every
 * reference in the document resolves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiDocumentTest extends RouteTestBase {

    private TestNode node;
    private ApiRoutes api;
    private JsonNode document;

    @TempDir
    static Path dataDir;

    @Override
    protected TestNode node() {
        return node;
    }

    @BeforeAll
    void start() throws IOException {
        node = new TestNode();
        api = node.api(node.settings(dataDir), new HttpMetrics());
        document = Json.mapper().readTree(OpenApiRoutes.document());
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private Set<String> documented() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> operations.add(method.toUpperCase(Locale.ROOT)
                    + " " + path.getKey()));
        }
        return operations;
    }

    private Set<String> served() {
        Set<String> operations = new TreeSet<>();
        for (Endpoint endpoint : api.endpoints()) {
            operations.add(endpoint.method().value() + " " + endpoint.path());
        }
        return operations;
    }

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedOneServed() {
        assertThat(documented()).as("documented").isEqualTo(served());
    }

    @Test
    void everyDocumentedOperationReachesItsRoute() {
        for (String operation : documented()) {
            String[] parts = operation.split(" ");
            String path = parts[1].replace("{id}", "no-such-id");
            HttpRequest request = HttpRequest.create(path).withMethod(HttpMethods.lookup(parts[0]).orElseThrow());
            if (parts[0].equals("POST")) {
                request = request.withEntity(ContentTypes.APPLICATION_JSON, "{}");
            }
            TestRouteResult result = testRoute(api.route()).run(request);
            String code = result.contentTypeString().startsWith("application/json")
                    ? ApiRoutesTest.json(result).path("code").asText("") : "";
            assertThat(code).as(operation + " -> " + result.statusCode() + " " + code)
                    .isNotIn("route_not_found", "method_not_allowed");
        }
    }

    @Test
    void everyOperationDocumentsASuccessAndEveryReferenceResolves() {
        for (String operation : documented()) {
            String[] parts = operation.split(" ");
            JsonNode responses = document.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT))
                    .path("responses");
            List<String> codes = new ArrayList<>();
            responses.fieldNames().forEachRemaining(codes::add);
            assertThat(codes).as(operation).anyMatch(c -> c.startsWith("2"));
        }
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
        assertThat(document.path("openapi").asText()).startsWith("3.");
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectRefs(item, refs));
        }
    }
}
