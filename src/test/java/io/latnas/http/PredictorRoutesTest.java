package io.latnas.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.space.ArchitectureCodec;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.latnas.http.ApiRoutesTest.assertError;
import static io.latnas.http.ApiRoutesTest.eventually;
import static io.latnas.http.ApiRoutesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET and POST /v1/predictors through the route testkit: a dataset measured through the API trains a
 * predictor, which the pool then serves to POST /v1/predictions, and which a second training fine-tunes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictorRoutesTest extends RouteTestBase {

    private TestNode node;
    private Route route;

    @TempDir
    static Path dataDir;

    @Override
    protected TestNode node() {
        return node;
    }

    @BeforeAll
    void startNodeAndMeasureADataset() throws InterruptedException {
        node = new TestNode();
        route = node.api(node.settings(dataDir), new HttpMetrics()).route();
        eventually(() -> get("/v1/ready"), 200);
        TestRouteResult dataset = post("/v1/datasets", "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\""
                + node.hardwareId() + "\",\"count\":40,\"seed\":1,\"output\":\"train.csv\"}");
        dataset.assertStatusCode(202);
        awaitField(json(dataset).path("href").asText(), "state", "finished");
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    private TestRouteResult get(String path) {
        return testRoute(route).run(HttpRequest.GET(path));
    }

    private TestRouteResult post(String path, String body) {
        return testRoute(route).run(HttpRequest.POST(path).withEntity(ContentTypes.APPLICATION_JSON, body));
    }

    private JsonNode awaitField(String href, String field, String... values) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode status = json(get(href));
        while (!List.of(values).contains(status.path(field).asText()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = json(get(href));
        }
        assertThat(status.path(field).asText()).as(status.toString()).isIn((Object[]) values);
        return status;
    }

    private String training(String extra) {
        return "{\"dataset\":\"train.csv\",\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"" + node.hardwareId()
                + "\",\"epochs\":3,\"seed\":4" + extra + "}";
    }

    @Test
    void aPredictorTrainedOnAMeasuredDatasetIsServedAndCanBeFineTuned() throws InterruptedException {
        TestRouteResult accepted = post("/v1/predictors", training(""));
        accepted.assertStatusCode(202);
        String id = json(accepted).path("id").asText();
        accepted.assertHeaderExists("Location", "/v1/predictors/" + id);

        JsonNode ready = awaitField("/v1/predictors/" + id, "state", "ready", "failed");
        assertThat(ready.path("state").asText()).as(ready.toString()).isEqualTo("ready");
        assertThat(ready.path("kind").asText()).isEqualTo("trained");
        assertThat(ready.path("evaluation").path("count").asInt()).isPositive();
        assertThat(ready.path("training").path("trainRows").asInt()).isEqualTo(28);
        assertThat(ready.path("training").path("hiddenSizes").toString()).isEqualTo("[400,400]");
        assertThat(dataDir.resolve(ready.path("training").path("file").asText())).isRegularFile();

        String arch = ArchitectureCodec.toJson(RuntimeFixtures.SPACE.sample(new SplittableRandom(3)));
        TestRouteResult predicted = post("/v1/predictions", "{\"model\":\"" + id + "\",\"architecture\":" + arch + "}");
        predicted.assertStatusCode(200);
        assertThat(json(predicted).path("latencyMs").isNumber()).isTrue();
        assertThat(json(predicted).path("hardware").asText()).isEqualTo(node.hardwareId());

        List<String> listed = new ArrayList<>();
        json(get("/v1/predictors")).forEach(p -> listed.add(p.path("id").asText()));
        assertThat(listed).contains(TestNode.MODEL, id);

        TestRouteResult tuned = post("/v1/predictors", training(",\"base\":\"" + id + "\",\"frozenLayers\":1"));
        tuned.assertStatusCode(202);
        JsonNode fineTuned = awaitField(json(tuned).path("href").asText(), "state", "ready", "failed");
        assertThat(fineTuned.path("state").asText()).as(fineTuned.toString()).isEqualTo("ready");
        assertThat(fineTuned.path("training").path("base").asText()).isEqualTo(id);
        assertThat(fineTuned.path("training").path("frozenLayers").asInt()).isEqualTo(1);
    }

    @Test
    void aConfiguredModelIsDescribedAndAnUnknownIdIs404() {
        JsonNode model = json(get("/v1/predictors/" + TestNode.MODEL));
        assertThat(model.path("kind").asText()).isEqualTo("configured");
        assertThat(model.path("hardware").asText()).isEqualTo("rtx2080ti");
        assertThat(model.has("training")).isFalse();
        assertError(get("/v1/predictors/mlp-999"), 404, "not_found", "id");
    }

    @Test
    void aDatasetWithoutRowsOrWithTooFewForTheTargetEndsTheTrainingAsFailed() throws InterruptedException {
        String other = json(post("/v1/predictors", training("").replace(node.hardwareId(), "rtx2080ti")))
                .path("href").asText();
        JsonNode noRows = awaitField(other, "state", "failed", "ready");
        assertThat(noRows.path("failure").asText()).contains("no records for rtx2080ti");

        TestRouteResult dataset = post("/v1/datasets", "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\""
                + node.hardwareId() + "\",\"count\":5,\"output\":\"small.csv\"}");
        dataset.assertStatusCode(202);
        awaitField(json(dataset).path("href").asText(), "state", "finished");
        String small = json(post("/v1/predictors", training("").replace("train.csv", "small.csv"))).path("href")
                .asText();
        JsonNode tooFew = awaitField(small, "state", "failed", "ready");
        assertThat(tooFew.path("failure").asText()).contains("has 5 rows").contains("at least 20");
    }

    @Test
    void requestsThatCannotTrainAreRefusedNamingTheField() throws Exception {
        assertError(post("/v1/predictors", training("").replace("train.csv", "missing.csv")), 400, "invalid_value",
                "dataset");
        assertError(post("/v1/predictors", training("").replace("train.csv", "../train.csv")), 400, "invalid_value",
                "dataset");
        assertError(post("/v1/predictors", training(",\"base\":\"mlp-999\"")), 400, "invalid_value", "base");
        assertError(post("/v1/predictors", training(",\"frozenLayers\":1")), 400, "invalid_value", "frozenLayers");
        assertError(post("/v1/predictors", training("").replace("\"epochs\":3", "\"epochs\":100000")), 400,
                "invalid_value", "epochs");
        assertError(post("/v1/predictors", training("").replace("ofa-mbv3-w1.0", "ofa")), 400, "invalid_value",
                "space");
        assertError(post("/v1/predictors", "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"x\"}"), 400, "missing_field",
                "dataset");
        assertThat(Files.exists(dataDir.resolve("missing.csv"))).isFalse();
    }
}
