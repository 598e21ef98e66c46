package io.latnas.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.latnas.dataset.DatasetCsv;
import io.latnas.runtime.RuntimeFixtures;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import static io.latnas.http.ApiRoutesTest.assertError;
import static io.latnas.http.ApiRoutesTest.eventually;
import static io.latnas.http.ApiRoutesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** POST and GET /v1/datasets through the route testkit: jobs, their files, and every way a request fails. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetRoutesTest extends RouteTestBase {

    private TestNode node;
    private Route route;

    @TempDir
    static Path dataDir;

    @Override
    protected TestNode node() {
        return node;
    }

    @BeforeAll
    void startNode() throws InterruptedException {
        node = new TestNode();
        route = node.api(node.settings(dataDir), new HttpMetrics()).route();
        eventually(() -> testRoute(route).run(HttpRequest.GET("/v1/ready")), 200);
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    private TestRouteResult post(Route on, String body) {
        return testRoute(on).run(HttpRequest.POST("/v1/datasets")
                .withEntity(ContentTypes.APPLICATION_JSON, body));
    }

    private TestRouteResult post(String body) {
        return post(route, body);
    }

    private String job(String output, int count) {
        return "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"" + node.hardwareId() + "\",\"batch\":1,\"count\":"
                + count + ",\"seed\":7,\"output\":\"" + output + "\"}";
    }

    @Test
    void aJobIsAcceptedWithALocationAndFollowedToItsRowsInTheFile() throws InterruptedException, IOException {
        TestRouteResult accepted = post(job("followed.csv", 6));
        accepted.assertStatusCode(202);
        JsonNode body = json(accepted);
        String href = body.path("href").asText();
        assertThat(href).isEqualTo("/v1/datasets/" + body.path("id").asText());
        accepted.assertHeaderExists("Location", href);

        JsonNode status = awaitFinished(href);
        assertThat(status.path("outcome").asText()).isEqualTo("completed");
        assertThat(status.path("measured").asInt()).isEqualTo(6);
        assertThat(status.path("rows").asInt()).isEqualTo(6);
        assertThat(status.path("output").asText()).isEqualTo("followed.csv");
        assertThat(status.path("measuredBy").toString()).contains("measure-1");
        assertThat(DatasetCsv.read(dataDir.resolve("followed.csv"), RuntimeFixtures.SPACE, "test").records())
                .hasSize(6);
    }

    private JsonNode awaitFinished(String href) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        JsonNode status = json(testRoute(route).run(HttpRequest.GET(href)));
        while (!status.path("state").asText().equals("finished") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = json(testRoute(route).run(HttpRequest.GET(href)));
        }
        assertThat(status.path("state").asText()).as(status.toString()).isEqualTo("finished");
        return status;
    }

    @Test
    void aSecondJobOnTheSameFileWhileTheFirstRunsIsAConflict() {
        CountDownLatch gate = new CountDownLatch(1);
        node.holdMeasurements(gate);
        try {
            post(job("clash.csv", 3)).assertStatusCode(202);
            assertError(post(job("clash.csv", 3)), 409, "conflict", "output");
        } finally {
            gate.countDown();
        }
    }

    @Test
    void jobsBeyondTheRunningLimitAreA503WithRetryAfter() {
        HttpSettings settings = node.settings(dataDir);
        Route limited = node.api(settings.withLimits(settings.limits().withMaxRunningDatasets(1)), new HttpMetrics())
                .route();
        CountDownLatch gate = new CountDownLatch(1);
        node.holdMeasurements(gate);
        try {
            post(limited, job("first.csv", 2)).assertStatusCode(202);
            TestRouteResult refused = post(limited, job("second.csv", 2));
            assertError(refused, 503, "overloaded", null);
            refused.assertHeaderExists("Retry-After", "5");
        } finally {
            gate.countDown();
        }
    }

    @Test
    void anExistingFileThatIsNotADatasetIsAConflictNamingOnlyTheFileName() throws IOException {
        Files.writeString(dataDir.resolve("notes.csv"), "this,is,not\na,dataset,file\n");
        JsonNode body = assertError(post(job("notes.csv", 2)), 409, "conflict", "output");
        assertThat(body.path("message").asText()).doesNotContain(dataDir.toString());
    }

    @Test
    void anUnknownJobIdIs404() {
        JsonNode body = assertError(testRoute(route).run(HttpRequest.GET("/v1/datasets/ds-999")), 404, "not_found",
                "id");
        assertThat(body.path("message").asText()).contains("ds-999");
    }

    @Test
    void outputsAreFileNamesInTheDataDirectoryNeverPaths() {
        for (String output : new String[] {"../escape.csv", "/tmp/abs.csv", "sub/dir.csv", "..", "x.txt", ".hidden.csv",
                "a\\\\b.csv", ""}) {
            assertError(post(job(output, 1)), 400, "invalid_value", "output");
        }
        assertThat(dataDir.getParent().resolve("escape.csv")).doesNotExist();
    }

    @Test
    void aMissingOutputGetsANameMadeFromTheRequest() {
        TestRouteResult accepted = post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"" + node.hardwareId()
                + "\",\"count\":1}");
        accepted.assertStatusCode(202);
        assertThat(json(accepted).path("output").asText()).isEqualTo(node.hardwareId() + "-ofa-mbv3-w1.0-b1-s0.csv");
    }

    @Test
    void malformedJsonIsA400() {
        assertError(post("{\"space\": "), 400, "malformed_json", null);
        assertError(post(""), 400, "malformed_json", null);
        assertError(post(job("a.csv", 1) + " {}"), 400, "malformed_json", null);
        assertError(post("{\"count\":1,\"count\":2}"), 400, "malformed_json", null);
    }

    @Test
    void wrongTypesNameTheField() {
        assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"count\":\"ten\"}"), 400,
                "wrong_type", "count");
        assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"count\":2.5}"), 400,
                "wrong_type", "count");
        assertError(post("{\"space\":7,\"hardware\":\"rtx2080ti\",\"count\":1}"), 400, "wrong_type", "space");
        assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"count\":1e30}"), 400,
                "wrong_type", "count");
        assertError(post("[1,2]"), 400, "wrong_type", null);
        assertError(post("null"), 400, "wrong_type", null);
    }

    @Test
    void unknownAndMissingFieldsAreNamed() {
        JsonNode unknown = assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"count\":1,"
                + "\"path\":\"/etc\"}"), 400, "unknown_field", "path");
        assertThat(unknown.path("message").asText()).contains("output");
        assertError(post("{\"hardware\":\"rtx2080ti\",\"count\":1}"), 400, "missing_field", "space");
        assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"count\":1}"), 400, "missing_field", "hardware");
        assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"count\":null}"), 400,
                "missing_field", "count");
    }

    @Test
    void valuesOutsideWhatTheNodeKnowsAreInvalid() {
        JsonNode space = assertError(post("{\"space\":\"ofa-mbv9\",\"hardware\":\"rtx2080ti\",\"count\":1}"), 400,
                "invalid_value", "space");
        assertThat(space.path("message").asText()).contains("ofa-mbv3-w1.0");
        JsonNode hardware = assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080\",\"count\":1}"),
                400, "invalid_value", "hardware");
        assertThat(hardware.path("message").asText()).contains("rtx2080ti");
        assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"count\":0}"), 400,
                "invalid_value", "count");
        assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"count\":1,\"batch\":-1}"), 400,
                "invalid_value", "batch");
        assertError(post("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"count\":100001}"), 400,
                "invalid_value", "count");
    }

    @Test
    void anotherContentTypeIsA415() {
        TestRouteResult result = testRoute(route).run(HttpRequest.POST("/v1/datasets")
                .withEntity(ContentTypes.TEXT_PLAIN_UTF8, job("a.csv", 1)));
        assertError(result, 415, "unsupported_media_type", "Content-Type");
    }

    @Test
    void aBodyOverTheLimitIsA413() {
        HttpSettings settings = node.settings(dataDir);
        Route small = node.api(settings.withLimits(settings.limits().withMaxBodyBytes(64)), new HttpMetrics()).route();
        String padded = "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"count\":1,\"output\":\""
                + "x".repeat(100) + ".csv\"}";
        assertError(post(small, padded), 413, "payload_too_large", null);
        TestRouteResult chunked = testRoute(small).run(HttpRequest.POST("/v1/datasets").withEntity(
                HttpEntities.createChunked(ContentTypes.APPLICATION_JSON, Source.single(ByteString.fromString(padded)))));
        assertError(chunked, 413, "payload_too_large", null);
    }
}
