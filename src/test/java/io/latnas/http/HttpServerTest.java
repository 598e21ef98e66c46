package io.latnas.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.latnas.common.InvalidInputException;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyRecord;
import io.latnas.runtime.RuntimeFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API through a real HTTP client against servers bound to port 0: a dataset job end to end, the token
 * check, the refusal to expose the API without a token, and a stop that closes the port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpServerTest {

    private static final String TOKEN = "c0rrect-h0rse.battery~staple";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestNode node;
    private HttpServer open;
    private HttpServer guarded;

    @TempDir
    static Path dataDir;

    @BeforeAll
    void start() throws Exception {
        node = new TestNode();
        open = node.httpApi(node.settings(dataDir)).start(node.system()).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        HttpSettings withToken = node.settings(dataDir).withToken(TOKEN);
        guarded = HttpServer.start(node.system(), withToken, node.api(withToken, new HttpMetrics()).route())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(HttpServer server, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.mapper().readTree(response.body());
    }

    @Test
    void bindsALoopbackAddressOnThePortPicked() {
        assertThat(open.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(open.address().getPort()).isPositive();
        assertThat(open.baseUrl()).isEqualTo("http://127.0.0.1:" + open.address().getPort());
    }

    @Test
    void aDatasetJobRunsEndToEndIntoItsFile() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (get(open, "/v1/ready").statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        HttpResponse<String> accepted = send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/v1/datasets"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\""
                        + node.hardwareId() + "\",\"count\":12,\"seed\":9,\"output\":\"wire.csv\"}"))
                .build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();

        JsonNode status = json(get(open, location));
        while (!status.path("state").asText().equals("finished") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = json(get(open, location));
        }
        assertThat(status.path("outcome").asText()).as(status.toString()).isEqualTo("completed");
        assertThat(status.path("rows").asInt()).isEqualTo(12);

        List<LatencyRecord> rows = DatasetCsv.read(dataDir.resolve("wire.csv"), RuntimeFixtures.SPACE, "test")
                .records();
        assertThat(rows).hasSize(12).allSatisfy(row -> {
            assertThat(row.target().hardwareId()).isEqualTo(node.hardwareId());
            assertThat(row.latencyMs()).isPositive();
        });
    }

    @Test
    void errorsComeOverTheWireInTheErrorModel() throws Exception {
        HttpResponse<String> unknown = get(open, "/v1/nowhere");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(json(unknown).path("code").asText()).isEqualTo("route_not_found");

        byte[] huge = new byte[(int) node.settings(dataDir).limits().maxBodyBytes() + 1];
        HttpResponse<String> tooLarge = send(HttpRequest.newBuilder(URI.create(open.baseUrl() + "/v1/predictions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge).path("code").asText()).isEqualTo("payload_too_large");
    }

    @Test
    void withATokenEveryRouteButHealthNeedsIt() throws Exception {
        assertThat(get(guarded, "/v1/health").statusCode()).isEqualTo(200);

        HttpResponse<String> missing = get(guarded, "/v1/hardware");
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        JsonNode body = json(missing);
        assertThat(body.path("code").asText()).isEqualTo("unauthorized");
        assertThat(body.path("field").asText()).isEqualTo("Authorization");

        assertThat(get(guarded, "/v1/hardware", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(get(guarded, "/v1/hardware", "Authorization", "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(get(guarded, "/v1/hardware", "Authorization", "Basic " + TOKEN).statusCode()).isEqualTo(401);
        assertThat(get(guarded, "/v1/nowhere").statusCode()).isEqualTo(401);
        assertThat(get(guarded, "/v1/hardware", "Authorization", "Bearer " + TOKEN).statusCode()).isEqualTo(200);
        assertThat(get(guarded, "/v1/hardware", "Authorization", "bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressBeyondThisMachineNeedsAToken() throws Exception {
        HttpSettings exposed = node.settings(dataDir).withHost("0.0.0.0");
        assertThatThrownBy(() -> node.httpApi(exposed).start(node.system()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("without a token")
                .hasMessageContaining(HttpSettings.TOKEN_ENV)
                .hasMessageContaining("127.0.0.1");
        assertThatThrownBy(() -> HttpServer.checkSafeToBind(node.settings(dataDir).withHost("192.0.2.10")))
                .isInstanceOf(InvalidInputException.class);
        HttpServer.checkSafeToBind(node.settings(dataDir).withHost("localhost"));
        HttpServer.checkSafeToBind(node.settings(dataDir).withHost("::1"));

        HttpSettings exposedWithToken = exposed.withToken(TOKEN);
        HttpServer server = HttpServer.start(node.system(), exposedWithToken,
                node.api(exposedWithToken, new HttpMetrics()).route()).toCompletableFuture().get(30, TimeUnit.SECONDS);
        try {
            String local = "http://127.0.0.1:" + server.address().getPort();
            assertThat(send(HttpRequest.newBuilder(URI.create(local + "/v1/spaces")).build()).statusCode())
                    .isEqualTo(401);
        } finally {
            server.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void stoppingClosesThePort() throws Exception {
        HttpSettings settings = node.settings(dataDir);
        HttpServer server = HttpServer.start(node.system(), settings, node.api(settings, new HttpMetrics()).route())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(get(server, "/v1/health").statusCode()).isEqualTo(200);
        server.stop().toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThatThrownBy(() -> get(server, "/v1/health")).isInstanceOf(ConnectException.class);
    }
}
