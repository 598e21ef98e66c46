package io.latnas.load;

import java.time.Duration;
import java.util.Arrays;

/**
 * What a simulation runs against and how hard, read once from system properties
 * ({@code mvn gatling:test -Drate=2000 -Dduration=30}); {@code loadtest/run} sets them from its flags.
 * Every field has a default that is the recorded run's setting.
 */
record LoadSettings(
        String baseUrl,
        String model,
        long seed,
        double rate,
        double targetRate,
        int users,
        Duration duration,
        int distinct,
        int architecturesPerRequest,
        int searches,
        int population,
        int generations,
        double[] constraintsMs,
        Duration pollInterval,
        Duration searchTimeout,
        double rateTolerance,
        int p99Ms) {

    /** The simulated RTX 2080 Ti every node serves from configuration (conf/pekko.conf predictor-pool). */
    static final String DEFAULT_MODEL = "simulated:rtx2080ti@ofa-mbv3-w1.0";

    /**
     * @param defaultRate requests per second when {@code -Drate} is not given: each simulation passes the
     *                    rate that meets its target, which is also what a closed run ({@code -Dusers}) must reach
     */
    static LoadSettings fromSystemProperties(double defaultRate) {
        return new LoadSettings(
                stripSlash(System.getProperty("baseUrl", "http://127.0.0.1:8080")),
                System.getProperty("model", DEFAULT_MODEL),
                Long.getLong("seed", 1L),
                Double.parseDouble(System.getProperty("rate", Double.toString(defaultRate))),
                defaultRate,
                Integer.getInteger("users", 0),
                Duration.ofSeconds(Long.getLong("duration", 60L)),
                Integer.getInteger("distinct", 0),
                Integer.getInteger("architectures", 256),
                Integer.getInteger("searches", 32),
                Integer.getInteger("population", 100),
                Integer.getInteger("generations", 500),
                Arrays.stream(System.getProperty("constraintsMs", "10,15,25").split(","))
                        .map(String::trim).mapToDouble(Double::parseDouble).toArray(),
                Duration.ofMillis(Long.getLong("pollMs", 500L)),
                Duration.ofSeconds(Long.getLong("searchTimeout", 1800L)),
                Double.parseDouble(System.getProperty("rateTolerance", "0.9")),
                Integer.getInteger("p99Ms", 20));
    }

    /**
     * What the run must sustain. An open run ({@code users} 0) offers {@code rate}; Gatling counts requests
     * over whole seconds, so the mean it reports sits a little under it. A closed run keeps {@code users}
     * requests in flight and must reach the target.
     */
    double minRequestsPerSec() {
        return closed() ? targetRate : rate * rateTolerance;
    }

    /** Whether the run keeps a fixed number of users busy instead of offering a rate. */
    boolean closed() {
        return users > 0;
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
