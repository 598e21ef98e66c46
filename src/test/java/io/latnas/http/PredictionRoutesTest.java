package io.latnas.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.ScriptedSource;
import io.latnas.runtime.predict.CountingModel;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.latnas.http.ApiRoutesTest.assertError;
import static io.latnas.http.ApiRoutesTest.eventually;
import static io.latnas.http.ApiRoutesTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /v1/predictions through the route testkit, over the shipped predictor pool's simulated model. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PredictionRoutesTest extends RouteTestBase {

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

    private static String arch(long seed) {
        Architecture sampled = RuntimeFixtures.SPACE.sample(new SplittableRandom(seed));
        return ArchitectureCodec.toJson(sampled);
    }

    private TestRouteResult post(Route on, String body) {
        return testRoute(on).run(HttpRequest.POST("/v1/predictions").withEntity(ContentTypes.APPLICATION_JSON, body));
    }

    private TestRouteResult post(String body) {
        return post(route, body);
    }

    @Test
    void predictsOneArchitectureWithANamedModel() {
        TestRouteResult result = post("{\"model\":\"" + TestNode.MODEL + "\",\"architecture\":" + arch(1) + "}");
        result.assertStatusCode(200);
        JsonNode body = json(result);
        assertThat(body.path("latencyMs").asDouble()).isPositive();
        assertThat(body.has("latenciesMs")).isFalse();
        assertThat(body.path("model").asText()).isEqualTo(TestNode.MODEL);
        assertThat(body.path("hardware").asText()).isEqualTo("rtx2080ti");
        assertThat(body.path("batch").asInt()).isEqualTo(1);
    }

    @Test
    void predictsABatchWithTheModelOfAHardwareIdAndAnswersRepeatsFromTheCache() {
        String body = "{\"hardware\":\"rtx2080ti\",\"batch\":8,\"architectures\":[" + arch(2) + "," + arch(3) + ","
                + arch(4) + "]}";
        JsonNode first = json(post(body));
        assertThat(first.path("latenciesMs")).hasSize(3);
        assertThat(first.path("space").asText()).isEqualTo("ofa-mbv3-w1.0");
        JsonNode again = json(post(body));
        assertThat(again.path("latenciesMs")).isEqualTo(first.path("latenciesMs"));
        assertThat(again.path("cacheHits").asInt()).isEqualTo(3);
        assertThat(again.path("misses").asInt()).isZero();
    }

    @Test
    void anArchitectureOutsideTheSpaceIsRefusedWithCodecMessages() {
        JsonNode one = assertError(post("{\"model\":\"" + TestNode.MODEL + "\",\"architecture\":"
                + arch(5).replaceFirst("\"r\":\\[\\d+]", "\"r\":[100]") + "}"), 400, "invalid_architecture",
                "architecture.r");
        assertThat(one.path("message").asText()).contains("r=100").contains("ofa-mbv3-w1.0");
        String badKernel = arch(6).replaceFirst("\"ks\":\\[\\d", "\"ks\":[9");
        JsonNode listed = assertError(post("{\"model\":\"" + TestNode.MODEL + "\",\"architectures\":[" + arch(7) + ","
                + badKernel + "]}"), 400, "invalid_architecture", "architectures[1].ks[0]");
        assertThat(listed.path("message").asText()).contains("ks[0]=9");
        assertError(post("{\"model\":\"" + TestNode.MODEL + "\",\"architecture\":{\"ks\":[3],\"e\":[3],\"d\":[2],"
                + "\"r\":[160],\"width\":1}}"), 400, "invalid_architecture", "architecture.width");
        assertError(post("{\"model\":\"" + TestNode.MODEL + "\",\"architectures\":[null]}"), 400,
                "invalid_architecture", "architectures[0]");
    }

    @Test
    void aModelRegisteredRightAfterARequestIsFoundByItsIdAndItsHardware() throws Exception {
        // The first request lists the pool's models; the route reuses that list for a second.
        post("{\"hardware\":\"rtx2080ti\",\"architecture\":" + arch(20) + "}").assertStatusCode(200);
        String hardware = RuntimeFixtures.uniqueHardwareId();
        String id = "late:" + hardware + "@" + RuntimeFixtures.SPACE.id();
        ActorRef<PredictorPool.Command> pool = node.services().predictorPool().orElseThrow();
        AskPattern.<PredictorPool.Command, PredictorPool.ModelRegistered>ask(pool,
                        replyTo -> new PredictorPool.RegisterModel(new CountingModel(id,
                                new ScriptedSource(hardware, RuntimeFixtures.simulated()), RuntimeFixtures.SPACE), replyTo),
                        Duration.ofSeconds(10), node.system().scheduler())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        TestRouteResult byId = post("{\"model\":\"" + id + "\",\"architecture\":" + arch(21) + "}");
        byId.assertStatusCode(200);
        assertThat(json(byId).path("model").asText()).isEqualTo(id);
        TestRouteResult byHardware = post("{\"hardware\":\"" + hardware + "\",\"architecture\":" + arch(22) + "}");
        byHardware.assertStatusCode(200);
        assertThat(json(byHardware).path("model").asText()).isEqualTo(id);
    }

    @Test
    void unknownModelsAndHardwareNameWhatIsServed() {
        JsonNode model = assertError(post("{\"model\":\"simulated:nope@ofa-mbv3-w1.0\",\"architecture\":" + arch(8)
                + "}"), 400, "invalid_value", "model");
        assertThat(model.path("message").asText()).contains(TestNode.MODEL);
        JsonNode hardware = assertError(post("{\"hardware\":\"p40\",\"architecture\":" + arch(8) + "}"), 400,
                "invalid_value", "hardware");
        assertThat(hardware.path("message").asText()).contains(TestNode.MODEL);
    }

    @Test
    void theRequestMustSayWhichModelAndWhatToPredict() {
        assertError(post("{\"architecture\":" + arch(9) + "}"), 400, "missing_field", "model");
        assertError(post("{\"model\":\"" + TestNode.MODEL + "\",\"hardware\":\"rtx2080ti\",\"architecture\":"
                + arch(9) + "}"), 400, "invalid_value", "hardware");
        assertError(post("{\"model\":\"" + TestNode.MODEL + "\"}"), 400, "missing_field", "architecture");
        assertError(post("{\"model\":\"" + TestNode.MODEL + "\",\"architecture\":" + arch(9)
                        + ",\"architectures\":[]}"),
                400, "invalid_value", "architectures");
        assertError(post("{\"model\":\"" + TestNode.MODEL + "\",\"architectures\":[]}"), 400, "invalid_value",
                "architectures");
        assertError(post("{\"model\":\"" + TestNode.MODEL + "\",\"batch\":0,\"architecture\":" + arch(9) + "}"), 400,
                "invalid_value", "batch");
        assertError(post("{\"model\":\"" + TestNode.MODEL + "\",\"architecture\":\"7-5-3\"}"), 400,
                "invalid_architecture", "architecture");
    }

    @Test
    void moreArchitecturesThanTheBatchLimitAreRefused() {
        Route small = node.api(node.settings(dataDir).withLimits(node.settings(dataDir).limits().withMaxBatch(2)),
                new HttpMetrics()).route();
        JsonNode body = assertError(post(small, "{\"model\":\"" + TestNode.MODEL + "\",\"architectures\":[" + arch(1)
                + "," + arch(2) + "," + arch(3) + "]}"), 400, "invalid_value", "architectures");
        assertThat(body.path("message").asText()).contains("max-batch");
    }

    @Test
    void aNodeWithoutThePredictRoleAnswers503() {
        NodeGuardian.Services none = new NodeGuardian.Services(Optional.empty(), Optional.empty(), List.of(),
                Optional.empty());
        Route bare = node.api(node.settings(dataDir), new HttpMetrics(), none).route();
        TestRouteResult result = post(bare, "{\"model\":\"" + TestNode.MODEL + "\",\"architecture\":" + arch(1) + "}");
        JsonNode body = assertError(result, 503, "unavailable", null);
        assertThat(body.path("message").asText()).contains("predict role");
        result.assertHeaderKindExists("Retry-After");
    }
}
