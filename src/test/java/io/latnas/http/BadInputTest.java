package io.latnas.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.space.ArchitectureCodec;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static io.latnas.http.ApiRoutesTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input never yields a 5xx: a battery of broken bodies, and of every field of a valid body replaced by
 * values of every JSON type and extreme size, thrown at each POST route of the table. Each answer must be
 * a 4xx (or a 2xx/503 where the value happens to be acceptable) in the JSON error model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest extends RouteTestBase {

    private static final List<String> BROKEN_BODIES = List.of(
            "", " ", "{", "}", "{]", "[]", "[{}]", "null", "true", "0", "-1", "\"text\"", "{}", "{\"\":1}",
            "{\"a\":1}", "{'space':'x'}", "{\"space\":}", "{\"space\" \"x\"}", "{\"count\":01}", "{\"count\":NaN}",
            "{\"count\":Infinity}", "{\"count\":1e999999}", "{\"space\":\"\\uD800\"}", "{\"space\":\"\u0000\"}",
            "{} {}", "{}garbage", "[".repeat(5000) + "]".repeat(5000), "{\"a\":".repeat(3000) + "1"
                    + "}".repeat(3000), "\uFEFF{}", "/* comment */ {}");
    private static final List<String> FIELD_VALUES = List.of(
            "null", "true", "false", "0", "-1", "1.5", "2147483648", "-9223372036854775809", "1e308", "-1e308",
            "\"\"", "\" \"", "\"../../etc/passwd\"", "\"/etc/passwd\"", "\"" + "x".repeat(5000) + "\"",
            "\"\\u0000\"", "[]", "[null]", "[1,2,3]", "{}", "{\"ks\":[]}", "{\"a\":{\"b\":{\"c\":[]}}}");

    private TestNode node;
    private ApiRoutes api;
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
        api = node.api(node.settings(dataDir), new HttpMetrics());
        route = api.route();
        eventually(() -> testRoute(route).run(HttpRequest.GET("/v1/ready")), 200);
    }

    @AfterAll
    void stopNode() {
        node.close();
    }

    /** A valid body for each POST route; a new POST route must add one here. */
    private Map<String, String> validBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("/v1/datasets", "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"" + node.hardwareId()
                + "\",\"batch\":1,\"count\":1,\"seed\":3,\"output\":\"battery.csv\"}");
        String architecture = ArchitectureCodec.toJson(RuntimeFixtures.SPACE.sample(new SplittableRandom(1)));
        bodies.put("/v1/predictions", "{\"model\":\"" + TestNode.MODEL + "\",\"batch\":1,\"architecture\":"
                + architecture + "}");
        bodies.put("/v1/searches", "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"batch\":1,"
                + "\"constraintsMs\":[20],\"strategy\":\"simulated\",\"population\":4,\"generations\":1,\"seed\":1}");
        bodies.put("/v1/predictors", "{\"dataset\":\"battery.csv\",\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\""
                + node.hardwareId() + "\",\"batch\":1,\"epochs\":1,\"seed\":2}");
        return bodies;
    }

    private List<String> postPaths() {
        List<String> paths = new ArrayList<>();
        for (Endpoint endpoint : api.endpoints()) {
            if (endpoint.method().equals(HttpMethods.POST)) {
                paths.add(endpoint.path());
            }
        }
        return paths;
    }

    @Test
    void everyPostRouteHasAValidBodyInThisBattery() {
        assertThat(validBodies().keySet()).containsExactlyInAnyOrderElementsOf(postPaths());
    }

    @Test
    void brokenBodiesAreAnswered4xx() {
        for (String path : postPaths()) {
            for (String body : BROKEN_BODIES) {
                assertClientError(send(path, ContentTypes.APPLICATION_JSON, body.getBytes(StandardCharsets.UTF_8)),
                        path, body);
            }
            byte[] invalidUtf8 = {'{', '"', 's', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
            assertClientError(send(path, ContentTypes.APPLICATION_JSON, invalidUtf8), path, "invalid UTF-8");
            assertClientError(send(path, ContentTypes.TEXT_PLAIN_UTF8, validBodies().get(path).getBytes(
                    StandardCharsets.UTF_8)), path, "text/plain");
            assertClientError(send(path, ContentTypes.APPLICATION_OCTET_STREAM, new byte[] {0, 1, 2}), path,
                    "octet-stream");
            assertClientError(send(path, ContentTypes.APPLICATION_JSON, ("{\"x\":\"" + "y".repeat(2 << 20) + "\"}")
                    .getBytes(StandardCharsets.UTF_8)), path, "a body over the size limit");
        }
    }

    @Test
    void everyFieldReplacedByEveryKindOfValueIsNeverA5xx() throws IOException {
        for (Map.Entry<String, String> route : validBodies().entrySet()) {
            ObjectNode valid = (ObjectNode) Json.mapper().readTree(route.getValue());
            for (Iterator<String> fields = valid.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                for (String value : FIELD_VALUES) {
                    ObjectNode body = valid.deepCopy();
                    body.set(field, Json.mapper().readTree(value));
                    byte[] bytes = Json.write(body);
                    TestRouteResult result = send(route.getKey(), ContentTypes.APPLICATION_JSON, bytes);
                    assertNo5xxOtherThanOverload(result, route.getKey(), field + "=" + abbreviate(value));
                }
                ObjectNode without = valid.deepCopy();
                without.remove(field);
                assertNo5xxOtherThanOverload(send(route.getKey(), ContentTypes.APPLICATION_JSON, Json.write(without)),
                        route.getKey(), "without " + field);
            }
        }
    }

    private TestRouteResult send(String path, ContentType type, byte[] body) {
        return testRoute(route).run(HttpRequest.create(path).withMethod(HttpMethods.POST)
                .withEntity(HttpEntities.create(type, body)));
    }

    private static void assertClientError(TestRouteResult result, String path, String body) {
        assertThat(result.statusCode()).as("POST %s with %s: %s", path, abbreviate(body), result.entityString())
                .isBetween(400, 499);
        assertErrorModel(result);
    }

    /** A value may happen to be acceptable (2xx), and jobs it starts may fill the running limit (503). */
    private static void assertNo5xxOtherThanOverload(TestRouteResult result, String path, String what) {
        int status = result.statusCode();
        assertThat(status == 503 || status < 500).as("POST %s with %s: %d %s", path, what, status,
                result.entityString()).isTrue();
        if (status >= 400) {
            assertErrorModel(result);
        }
    }

    private static void assertErrorModel(TestRouteResult result) {
        JsonNode body = ApiRoutesTest.json(result);
        assertThat(body.path("code").asText()).isNotBlank();
        assertThat(body.has("field")).isTrue();
        assertThat(body.path("message").asText()).isNotBlank();
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
