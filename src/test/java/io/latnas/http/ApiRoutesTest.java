package io.latnas.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The node, catalog, metrics and document routes, and the error model for routes and methods. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRoutesTest extends RouteTestBase {

    private TestNode node;
    private HttpMetrics metrics;
    private Route route;

    @TempDir
    static Path dataDir;

    @Override
    protected TestNode node() {
        return node;
    }

    @BeforeAll
    void startNode() {
        node = new TestNode();
        metrics = new HttpMetrics();
        route = node.api(node.settings(dataDir), metrics).route();
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    static JsonNode json(TestRouteResult result) {
        try {
            return Json.mapper().readTree(result.entityString());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + result.entityString(), e);
        }
    }

    /** Asserts the error model: status, code, field, and a message. */
    static JsonNode assertError(TestRouteResult result, int status, String code, String field) {
        result.assertStatusCode(status);
        assertThat(result.contentType()).isEqualTo(ContentTypes.APPLICATION_JSON);
        JsonNode body = json(result);
        assertThat(body.path("code").asText()).as(result.entityString()).isEqualTo(code);
        if (field == null) {
            assertThat(body.get("field").isNull()).as(result.entityString()).isTrue();
        } else {
            assertThat(body.path("field").asText()).as(result.entityString()).isEqualTo(field);
        }
        assertThat(body.path("message").asText()).isNotBlank();
        return body;
    }

    private TestRouteResult get(String path) {
        return testRoute(route).run(HttpRequest.GET(path));
    }

    @Test
    void healthAnswersOk() {
        TestRouteResult result = get("/v1/health");
        result.assertStatusCode(200);
        assertThat(json(result).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void hardwareListsTheCatalogWithoutServerPaths() {
        TestRouteResult result = get("/v1/hardware");
        result.assertStatusCode(200);
        List<String> ids = new ArrayList<>();
        json(result).forEach(p -> ids.add(p.path("id").asText()));
        assertThat(ids).containsAll(node.catalog().ids());
        JsonNode note10 = findById(json(result), "note10");
        assertThat(note10.path("sources").toString()).contains("lookup-table");
        assertThat(result.entityString()).doesNotContain("\"dir\"").doesNotContain(".csv")
                .doesNotContain("lookupTable");
    }

    @Test
    void spacesListEverySearchSpaceWithItsValues() {
        TestRouteResult result = get("/v1/spaces");
        result.assertStatusCode(200);
        JsonNode compofa = findById(json(result), "compofa-fixed");
        assertThat(compofa.path("coupling").asText()).isEqualTo("compound");
        assertThat(compofa.path("fixedStageKernels").toString()).isEqualTo("[3,5,3,3,5]");
        assertThat(findById(json(result), "ofa-mbv3-w1.0").path("resolutions").size()).isEqualTo(25);
    }

    @Test
    void servesTheOpenApiDocument() {
        TestRouteResult result = get("/v1/openapi.json");
        result.assertStatusCode(200);
        assertThat(json(result).path("openapi").asText()).startsWith("3.");
    }

    @Test
    void anUnknownRouteIsA404InTheErrorModel() {
        JsonNode body = assertError(get("/v1/nothing-here"), 404, "route_not_found", null);
        assertThat(body.path("message").asText()).contains("/v1/nothing-here").contains("openapi.json");
        assertError(get("/v2/health"), 404, "route_not_found", null);
        assertError(get("/v1/health/"), 404, "route_not_found", null);
    }

    @Test
    void aKnownPathWithAnotherMethodIsA405NamingTheAllowedOnes() {
        TestRouteResult result = testRoute(route).run(HttpRequest.DELETE("/v1/hardware"));
        JsonNode body = assertError(result, 405, "method_not_allowed", null);
        assertThat(body.path("message").asText()).contains("GET");
        result.assertHeaderExists("Allow", "GET");
        assertError(get("/v1/datasets"), 405, "method_not_allowed", null).path("message").asText();
        testRoute(route).run(HttpRequest.GET("/v1/datasets")).assertHeaderExists("Allow", "POST");
    }

    @Test
    void readyOnceTheMeasurementActorHasRegistered() throws InterruptedException {
        TestRouteResult result = eventually(() -> get("/v1/ready"), 200);
        JsonNode body = json(result);
        assertThat(body.path("ready").asBoolean()).isTrue();
        assertThat(body.path("roles").toString()).contains("measure").contains("api");
        assertThat(body.path("measurementActors").get(0).path("hardware").asText()).isEqualTo(node.hardwareId());
        assertThat(body.path("measurementActors").get(0).path("state").asText()).isEqualTo("ready");
    }

    @Test
    void clusterShowsThisNodeAloneWithTheHardwareItServes() throws InterruptedException {
        eventually(() -> get("/v1/ready"), 200);
        TestRouteResult result = get("/v1/cluster");
        result.assertStatusCode(200);
        JsonNode body = json(result);
        assertThat(body.path("provider").asText()).isEqualTo("local");
        assertThat(body.path("members")).hasSize(1);
        JsonNode self = body.path("members").get(0);
        assertThat(self.path("address").asText()).isEqualTo(body.path("self").asText()).contains("latnas");
        assertThat(self.path("hardware").toString()).isEqualTo("[\"" + node.hardwareId() + "\"]");
        assertThat(self.path("roles").toString()).contains("measure");
    }

    @Test
    void metricsCountRequestsPerRouteAndStatusAndShowActorGauges() throws InterruptedException {
        eventually(() -> get("/v1/ready"), 200);
        get("/v1/hardware");
        get("/v1/datasets/ds-unknown");
        get("/v1/no-such-route");
        TestRouteResult result = get("/v1/metrics");
        result.assertStatusCode(200);
        assertThat(result.contentTypeString()).startsWith("text/plain");
        String text = result.entityString();
        assertThat(text)
                .contains("latnas_http_requests_total{route=\"/v1/hardware\",method=\"GET\",status=\"200\"}")
                .contains("latnas_http_requests_total{route=\"/v1/datasets/{id}\",method=\"GET\",status=\"404\"}")
                .contains("latnas_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"}")
                .contains("latnas_http_request_duration_seconds_bucket{route=\"/v1/hardware\",method=\"GET\","
                        + "status=\"200\",le=\"+Inf\"}")
                .contains("# TYPE latnas_http_request_duration_seconds histogram")
                .contains("latnas_measurement_queue_depth{actor=")
                .contains("hardware=\"" + node.hardwareId() + "\"")
                .contains("latnas_dataset_jobs_running 0");
        assertThat(metrics.count("/v1/datasets/{id}", "GET", 404)).isGreaterThanOrEqualTo(1);
    }

    private static JsonNode findById(JsonNode list, String id) {
        for (JsonNode item : list) {
            if (id.equals(item.path("id").asText())) {
                return item;
            }
        }
        throw new AssertionError(id + " not in " + list);
    }

    /** Runs {@code request} until it answers {@code status}; readiness is reached asynchronously. */
    static TestRouteResult eventually(Supplier<TestRouteResult> request, int status)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        TestRouteResult result = request.get();
        while (result.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(50);
            result = request.get();
        }
        result.assertStatusCode(status);
        return result;
    }
}
