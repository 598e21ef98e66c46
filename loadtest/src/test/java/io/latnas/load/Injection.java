package io.latnas.load;

import static io.gatling.javaapi.core.CoreDsl.constantConcurrentUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;

/** How users of the prediction simulations arrive. */
final class Injection {

    private Injection() {
    }

    /**
     * Open by default: users arrive at {@code rate} a second whether or not earlier ones were answered, as
     * independent clients do, so a server that falls behind shows it in latency and errors. With
     * {@code users}, closed: that many users each send one request at a time, which finds the most the
     * server sustains without piling up connections.
     */
    static PopulationBuilder of(ScenarioBuilder scenario, LoadSettings settings) {
        return settings.closed()
                ? scenario.injectClosed(constantConcurrentUsers(settings.users()).during(settings.duration()))
                : scenario.injectOpen(constantUsersPerSec(settings.rate()).during(settings.duration()));
    }
}
