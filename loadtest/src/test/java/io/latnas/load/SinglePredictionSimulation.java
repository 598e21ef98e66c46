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
 * One architecture per POST /v1/predictions, arriving at {@code rate} requests per second for
 * {@code duration} (an open workload: arrivals do not wait for answers). Target: 10,000 requests/s with
 * a p99 of at most 20 ms and no failures, which is the default rate and the assertions.
 */
public final class SinglePredictionSimulation extends Simulation {

    private final LoadSettings settings = LoadSettings.fromSystemProperties(10_000);

    private final ScenarioBuilder predictions = scenario("single prediction")
            .feed(new OfaArchitectures(settings.seed(), settings.distinct()).singleBodies(settings.model()))
            .exec(http("POST /v1/predictions (1)")
                    .post("/v1/predictions")
                    .body(StringBody("#{body}"))
                    .check(status().is(200), jmesPath("latencyMs").ofDouble().gt(0.0)));

    {
        setUp(Injection.of(predictions, settings))
                .protocols(Protocols.json(settings))
                .assertions(
                        global().failedRequests().count().is(0L),
                        global().requestsPerSec().gte(settings.minRequestsPerSec()),
                        global().responseTime().percentile(99.0).lte(settings.p99Ms()));
    }
}
