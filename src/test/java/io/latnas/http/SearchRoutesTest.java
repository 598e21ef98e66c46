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

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.latnas.http.ApiRoutesTest.assertError;
import static io.latnas.http.ApiRoutesTest.eventually;
import static io.latnas.http.ApiRoutesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Searches through the route testkit: submit, follow, stream, cancel, and what the supervisor refuses. The
 * node's supervisor runs one search at a time with one waiting, so that a full queue is easy to reach.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchRoutesTest extends RouteTestBase {

    /** A search the simulated strategy finishes in well under a second. */
    private static final String QUICK = "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"constraintsMs\":"
            + "[15,25],\"strategy\":\"simulated\",\"population\":10,\"generations\":3,\"seed\":5}";
    /** A search that runs until it is cancelled. */
    private static final String LONG = "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"constraintsMs\":"
            + "[20],\"strategy\":\"simulated\",\"population\":2000,\"generations\":5000}";

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
        node = new TestNode(search -> search.withLimits(1, 1));
        route = node.api(node.settings(dataDir), new HttpMetrics()).route();
        eventually(() -> testRoute(route).run(HttpRequest.GET("/v1/ready")), 200);
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    private TestRouteResult submit(String body) {
        return testRoute(route).run(HttpRequest.POST("/v1/searches").withEntity(ContentTypes.APPLICATION_JSON, body));
    }

    private TestRouteResult get(String path) {
        return testRoute(route).run(HttpRequest.GET(path));
    }

    private JsonNode awaitState(String href, String... states) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode status = json(get(href));
        while (!List.of(states).contains(status.path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = json(get(href));
        }
        assertThat(status.path("state").asText()).as(status.toString()).isIn((Object[]) states);
        return status;
    }

    @Test
    void aSearchIsAcceptedAndFollowedToOneResultPerConstraint() throws InterruptedException {
        TestRouteResult accepted = submit(QUICK);
        accepted.assertStatusCode(202);
        JsonNode ticket = json(accepted);
        String href = ticket.path("href").asText();
        accepted.assertHeaderExists("Location", href);
        assertThat(ticket.path("events").asText()).isEqualTo(href + "/events");

        JsonNode done = awaitState(href, "done");
        assertThat(done.path("request").path("population").asInt()).isEqualTo(10);
        assertThat(done.path("request").path("batch").asInt()).isEqualTo(1);
        JsonNode front = done.path("result").path("front");
        assertThat(front).hasSize(2);
        for (JsonNode outcome : front) {
            assertThat(outcome.path("status").asText()).isEqualTo("found");
            assertThat(outcome.path("latencyMs").asDouble())
                    .isLessThanOrEqualTo(outcome.path("constraintMs").asDouble());
            assertThat(outcome.path("architecture").path("ks")).hasSize(20);
            assertThat(outcome.path("accuracy").isNumber()).isTrue();
        }
        assertThat(done.path("finishedAt").asText()).isNotBlank();
    }

    /** Event types and the data of each, in order. */
    private static List<String[]> events(String stream) {
        List<String[]> events = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            String type = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event:")) {
                    type = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data = line.substring(5).trim();
                }
            }
            if (type != null) {
                events.add(new String[] {type, data});
            }
        }
        return events;
    }

    @Test
    void eventsStreamTheStatusTheStartEachGenerationEachConstraintAndTheEnd() throws Exception {
        JsonNode blocking = json(submit(LONG));
        JsonNode quick = json(submit(QUICK));
        assertThat(quick.path("state").asText()).isEqualTo("queued");

        // Over a bound port, so the stream is read as it comes: the blocking search is cancelled once the
        // queued one's first event has arrived, whatever the machine's speed.
        HttpSettings settings = node.settings(dataDir);
        HttpServer server = HttpServer.start(node.system(), settings, route).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        StringBuilder stream = new StringBuilder();
        try {
            java.net.http.HttpResponse<java.util.stream.Stream<String>> response = HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort()
                            + quick.path("events").asText())).timeout(Duration.ofSeconds(60)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            boolean cancelled = false;
            try (java.util.stream.Stream<String> lines = response.body()) {
                for (java.util.Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    stream.append(line).append('\n');
                    if (!cancelled && line.startsWith("data:")) {
                        cancel(blocking);
                        cancelled = true;
                    }
                }
            }
        } finally {
            server.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }

        List<String[]> events = events(stream.toString());
        List<String> types = events.stream().map(e -> e[0]).toList();
        assertThat(types.get(0)).isEqualTo("status");
        assertThat(Json.mapper().readTree(events.get(0)[1]).path("state").asText()).isEqualTo("queued");
        assertThat(types.get(1)).isEqualTo("started");
        assertThat(types).filteredOn("generation"::equals).hasSizeGreaterThanOrEqualTo(2);
        assertThat(types).filteredOn("constraint"::equals).hasSize(2);
        assertThat(types.get(types.size() - 1)).isEqualTo("ended");
        JsonNode ended = Json.mapper().readTree(events.get(events.size() - 1)[1]);
        assertThat(ended.path("state").asText()).isEqualTo("done");
        assertThat(ended.path("result").path("front")).hasSize(2);
        JsonNode generation = Json.mapper().readTree(events.get(types.indexOf("generation"))[1]);
        assertThat(generation.path("progress").path("generation").asInt()).isPositive();
    }

    @Test
    void theEventsOfAnEndedSearchAreItsEndAlone() throws InterruptedException {
        String href = json(submit(QUICK)).path("href").asText();
        awaitState(href, "done");
        List<String[]> events = events(get(href + "/events").entityString());
        assertThat(events).hasSize(1);
        assertThat(events.get(0)[0]).isEqualTo("ended");
    }

    private void cancel(JsonNode ticket) {
        testRoute(route).run(HttpRequest.DELETE(ticket.path("href").asText()));
    }

    @Test
    void aRunningSearchIsCancelledKeepingItsBestAndAQueuedOneWaitsThenAFullQueueIs503()
            throws InterruptedException {
        JsonNode running = json(submit(LONG));
        JsonNode queued = json(submit(LONG));
        try {
            assertThat(queued.path("state").asText()).isEqualTo("queued");
            assertThat(queued.path("queuePosition").asInt()).isEqualTo(1);

            TestRouteResult full = submit(LONG);
            assertError(full, 503, "overloaded", null);
            full.assertHeaderExists("Retry-After", "30");

            TestRouteResult cancelQueued = testRoute(route).run(HttpRequest.DELETE(queued.path("href").asText()));
            cancelQueued.assertStatusCode(202);
            assertThat(json(cancelQueued).path("stateBefore").asText()).isEqualTo("queued");
            TestRouteResult cancelRunning = testRoute(route).run(HttpRequest.DELETE(running.path("href").asText()));
            cancelRunning.assertStatusCode(202);
            assertThat(json(cancelRunning).path("stateBefore").asText()).isEqualTo("running");
            awaitState(running.path("href").asText(), "cancelled");
            assertError(testRoute(route).run(HttpRequest.DELETE(running.path("href").asText())), 409, "conflict",
                    "id");
        } finally {
            cancel(queued);
            cancel(running);
        }
    }

    @Test
    void unknownSearchIdsAre404OnEveryRoute() {
        assertError(get("/v1/searches/no-such-search"), 404, "not_found", "id");
        assertError(get("/v1/searches/no-such-search/events"), 404, "not_found", "id");
        assertError(testRoute(route).run(HttpRequest.DELETE("/v1/searches/no-such-search")), 404, "not_found", "id");
    }

    @Test
    void requestsTheSupervisorCannotRunNameTheField() {
        assertError(submit(QUICK.replace("\"simulated\"", "\"guess\"")), 400, "invalid_value", "strategy");
        assertError(submit(QUICK.replace("ofa-mbv3-w1.0", "ofa-v9")), 400, "invalid_value", "space");
        assertError(submit(QUICK.replace("\"simulated\"", "\"predictor\"")), 400, "invalid_value", "model");
        assertError(submit(QUICK.replace("\"simulated\"", "\"predictor\",\"model\":\"simulated:x@ofa-mbv3-w1.0\"")),
                400, "invalid_value", "model");
        assertError(submit(QUICK.replace("\"simulated\"", "\"lookup-table\"")), 400, "invalid_value", "hardware");
        assertError(submit(QUICK.replace("\"rtx2080ti\"", "\"rtx2080\"")), 400, "invalid_value", "hardware");
        assertError(submit(QUICK.replace("\"population\":10", "\"population\":1")), 400, "invalid_value",
                "population");
        JsonNode measured = assertError(submit(QUICK.replace("\"simulated\"", "\"measured\"")), 503, "unavailable",
                "hardware");
        assertThat(measured.path("message").asText()).contains("measurement actor");
    }

    @Test
    void requestsOutsideTheApiLimitsOrMalformedAreRefusedBeforeTheSupervisor() {
        assertError(submit(QUICK.replace("\"population\":10", "\"population\":100000")), 400, "invalid_value",
                "population");
        assertError(submit(QUICK.replace("\"generations\":3", "\"generations\":100000")), 400, "invalid_value",
                "generations");
        assertError(submit(QUICK.replace("[15,25]", "[15,-1]")), 400, "invalid_value", "constraintsMs[1]");
        assertError(submit(QUICK.replace("[15,25]", "[]")), 400, "invalid_value", "constraintsMs");
        assertError(submit(QUICK.replace("[15,25]", "\"fast\"")), 400, "wrong_type", "constraintsMs");
        assertError(submit(QUICK.replace("\"strategy\":\"simulated\",", "")), 400, "missing_field", "strategy");
        assertError(submit(QUICK.replace("\"seed\":5", "\"seed\":5,\"mutation\":1")), 400, "unknown_field",
                "mutation");
    }
}
