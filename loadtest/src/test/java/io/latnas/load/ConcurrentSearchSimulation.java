package io.latnas.load;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jmesPath;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code searches} users (default 32) each submit one search (POST /v1/searches) at the same moment,
 * poll GET /v1/searches/{id} every {@code pollMs} until it has ended, then check the result: state
 * {@code done}, no failure, one outcome per constraint, and each winner within its constraint or
 * reported infeasible. Target: no failed request and no wrong result.
 *
 * <p>The defaults are the paper's §5.6 set-up (population 100, 500 generations) with the
 * {@code predictor+memo} strategy, seeds {@code seed + user}. The server must queue them all: with the
 * shipped {@code latnas.runtime.search.queue-size} of 16, a 32nd submission is a 503; {@code loadtest/run}
 * starts the server with a larger queue.
 */
public final class ConcurrentSearchSimulation extends Simulation {

    private static final Set<String> ENDED = Set.of("done", "failed", "cancelled");

    private final LoadSettings settings = LoadSettings.fromSystemProperties(0);

    private final AtomicInteger correct = new AtomicInteger();

    private long startNanos;

    private final long maxPolls = Math.max(1, settings.searchTimeout().toMillis() / settings.pollInterval().toMillis());

    private final ScenarioBuilder searches = scenario("concurrent searches")
            .exec(session -> session.set("body", requestBody(session)).set("state", "submitted").set("polls", 0L))
            .exec(http("POST /v1/searches")
                    .post("/v1/searches")
                    .body(StringBody("#{body}"))
                    .check(status().is(202), jmesPath("id").saveAs("id")))
            .exitHereIfFailed()
            .asLongAs(this::stillRunning).on(
                    pause(settings.pollInterval())
                            .exec(http("GET /v1/searches/{id} (poll)")
                                    .get("/v1/searches/#{id}")
                                    .check(status().is(200), jmesPath("state").saveAs("state")))
                            .exec(session -> session.set("polls", session.getLong("polls") + 1)))
            .exec(http("GET /v1/searches/{id} (result)")
                    .get("/v1/searches/#{id}")
                    .check(status().is(200),
                            bodyString().transform(body -> SearchOutcomes.problems(body, settings.constraintsMs()))
                                    .is(SearchOutcomes.NONE)))
            .exec(session -> {
                if (!session.isFailed()) {
                    correct.incrementAndGet();
                }
                return session;
            });

    {
        setUp(searches.injectOpen(atOnceUsers(settings.searches())))
                .protocols(Protocols.json(settings))
                .assertions(global().failedRequests().count().is(0L));
    }

    @Override
    public void before() {
        startNanos = System.nanoTime();
    }

    /** The line loadtest/run reads: how many searches came back correct, and how long all of them took. */
    @Override
    public void after() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("searches: %d of %d correct in %.1f s (%.2f searches/s)%n",
                correct.get(), settings.searches(), seconds, correct.get() / seconds);
    }

    private boolean stillRunning(Session session) {
        return !session.isFailed() && !ENDED.contains(session.getString("state"))
                && session.getLong("polls") < maxPolls;
    }

    private String requestBody(Session session) {
        String constraints = Arrays.stream(settings.constraintsMs())
                .mapToObj(Double::toString).collect(Collectors.joining(","));
        return "{\"space\":\"ofa-mbv3-w1.0\",\"hardware\":\"rtx2080ti\",\"constraintsMs\":[" + constraints + "],"
                + "\"strategy\":\"predictor+memo\",\"model\":\"" + settings.model() + "\","
                + "\"population\":" + settings.population() + ",\"generations\":" + settings.generations() + ","
                + "\"seed\":" + (settings.seed() + session.userId()) + "}";
    }
}
