package io.latnas.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * {@code architectures} architectures (default 256, the server's {@code latnas.http.max-batch}) per
 * POST /v1/predictions at {@code rate} requests per second. Architectures per second is requests per
 * second times the batch; the default rate offers the target of 100,000 architectures/s.
 */
public final class BatchPredictionSimulation extends Simulation {

    private static final double TARGET_ARCHITECTURES_PER_SEC = 100_000;

    private final LoadSettings settings = LoadSettings.fromSystemProperties(
            Math.ceil(TARGET_ARCHITECTURES_PER_SEC / Integer.getInteger("architectures", 256)));

    private final int batch = settings.architecturesPerRequest();

    private final ScenarioBuilder predictions = scenario("batch prediction")
            .feed(new OfaArchitectures(settings.seed(), settings.distinct()).batchBodies(settings.model(), batch))
            .exec(http("POST /v1/predictions (" + batch + ")")
                    .post("/v1/predictions")
                    .body(StringBody("#{body}"))
                    .check(status().is(200), jmesPath("length(latenciesMs)").ofInt().is(batch)));

    {
        setUp(Injection.of(predictions, settings))
                .protocols(Protocols.json(settings))
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().requestsPerSec().gte(settings.minRequestsPerSec()));
    }
}
