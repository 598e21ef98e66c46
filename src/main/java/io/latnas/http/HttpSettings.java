package io.latnas.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How the HTTP API runs ({@code latnas.http}, in {@code conf/http.conf}).
 *
 * @param host             the address to bind; anything but a loopback address needs a token
 * @param port             the port to bind; 0 picks a free one
 * @param token            the bearer token every route but {@code /v1/health} requires, when set
 * @param askTimeout       how long a route waits for an actor before answering 503
 * @param retryAfter       what Retry-After says on a 503
 * @param shutdownDeadline how long requests in flight get to finish on shutdown
 * @param sseKeepAlive     how often an idle event stream gets a keep-alive comment
 * @param dataDir          the only directory dataset jobs write to
 * @param limits           how much one request, and the API as a whole, may ask for
 */
public record HttpSettings(String host, int port, Optional<String> token, Duration askTimeout, Duration retryAfter,
                           Duration shutdownDeadline, Duration sseKeepAlive, Path dataDir, Limits limits) {

    public static final String PATH = "latnas.http";
    /** The environment variable {@code conf/http.conf} reads the token from. */
    public static final String TOKEN_ENV = "LATNAS_HTTP_TOKEN";
    /** RFC 6750's b64token, at a length no one guesses. */
    private static final Pattern TOKEN_CHARACTERS = Pattern.compile("[A-Za-z0-9\\-._~+/]{16,}=*");

    /**
     * @param maxBodyBytes         larger request bodies are answered 413
     * @param maxBatch             architectures one prediction request may carry
     * @param maxDatasetCount      architectures one dataset job may ask for
     * @param maxRunningDatasets   dataset jobs running at once through the API
     * @param datasetsKept         finished dataset jobs whose status is still answered
     * @param maxSearchPopulation  the largest population a search may ask for
     * @param maxSearchGenerations the most generations a search may ask for
     * @param maxSearchConstraints the most latency constraints one search may carry
     * @param maxTrainingEpochs    the most epochs one predictor training may ask for
     */
    public record Limits(long maxBodyBytes, int maxBatch, int maxDatasetCount, int maxRunningDatasets,
                         int datasetsKept, int maxSearchPopulation, int maxSearchGenerations,
                         int maxSearchConstraints, int maxTrainingEpochs) {

        public Limits {
            requirePositive("max-body-bytes", maxBodyBytes);
            requirePositive("max-batch", maxBatch);
            requirePositive("max-dataset-count", maxDatasetCount);
            requirePositive("max-running-datasets", maxRunningDatasets);
            requirePositive("datasets-kept", datasetsKept);
            requirePositive("max-search-population", maxSearchPopulation);
            requirePositive("max-search-generations", maxSearchGenerations);
            requirePositive("max-search-constraints", maxSearchConstraints);
            requirePositive("max-training-epochs", maxTrainingEpochs);
        }

        static Limits fromConfig(Config c) {
            return new Limits(c.getBytes("max-body-bytes"), c.getInt("max-batch"), c.getInt("max-dataset-count"),
                    c.getInt("max-running-datasets"), c.getInt("datasets-kept"), c.getInt("max-search-population"),
                    c.getInt("max-search-generations"), c.getInt("max-search-constraints"),
                    c.getInt("max-training-epochs"));
        }

        public Limits withMaxBodyBytes(long newMaxBodyBytes) {
            return new Limits(newMaxBodyBytes, maxBatch, maxDatasetCount, maxRunningDatasets, datasetsKept,
                    maxSearchPopulation, maxSearchGenerations, maxSearchConstraints, maxTrainingEpochs);
        }

        public Limits withMaxBatch(int newMaxBatch) {
            return new Limits(maxBodyBytes, newMaxBatch, maxDatasetCount, maxRunningDatasets, datasetsKept,
                    maxSearchPopulation, maxSearchGenerations, maxSearchConstraints, maxTrainingEpochs);
        }

        public Limits withMaxRunningDatasets(int newMaxRunningDatasets) {
            return new Limits(maxBodyBytes, maxBatch, maxDatasetCount, newMaxRunningDatasets, datasetsKept,
                    maxSearchPopulation, maxSearchGenerations, maxSearchConstraints, maxTrainingEpochs);
        }
    }

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new InvalidInputException(PATH + ".host", PATH + ".host is empty; use 127.0.0.1 to serve this"
                    + " machine only");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInputException(PATH + ".port", PATH + ".port=" + port + " is not a port (0..65535)");
        }
        token = Objects.requireNonNull(token, "token").filter(t -> !t.isBlank());
        if (token.isPresent() && !TOKEN_CHARACTERS.matcher(token.get()).matches()) {
            throw new InvalidInputException(PATH + ".token", "the token may hold only letters, digits and - . _ ~ + /"
                    + " (a bearer token's characters, RFC 6750), at least 16 of them; e.g. openssl rand -hex 32");
        }
        requirePositive("ask-timeout", askTimeout);
        requirePositive("retry-after", retryAfter);
        requirePositive("shutdown-deadline", shutdownDeadline);
        requirePositive("sse-keep-alive", sseKeepAlive);
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * Reads {@code latnas.http}.
     *
     * @throws InvalidInputException naming the key at fault, or saying to include {@code http.conf}
     */
    public static HttpSettings fromConfig(Config config) {
        if (!config.hasPath(PATH)) {
            throw new InvalidInputException(PATH, "the configuration has no " + PATH + "; add include \"http.conf\""
                    + " at the top level of application.conf");
        }
        try {
            Config c = config.getConfig(PATH);
            return new HttpSettings(c.getString("host"), c.getInt("port"), Optional.of(c.getString("token")),
                    c.getDuration("ask-timeout"), c.getDuration("retry-after"), c.getDuration("shutdown-deadline"),
                    c.getDuration("sse-keep-alive"), Path.of(c.getString("data-dir")), Limits.fromConfig(c));
        } catch (ConfigException e) {
            throw new InvalidInputException(PATH, "bad " + PATH + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code config} over the defaults of {@code http.conf}, system properties on top: keys {@code config} sets
     * win, the rest come from the file, so a configuration (or a {@code -Dlatnas.http.port=...}) may set only
     * some of them. The environment fills {@code ${?LATNAS_HTTP_TOKEN}} and the like.
     */
    public static Config withHttpConfig(Config config) {
        return ConfigFactory.systemProperties()
                .withFallback(config)
                .withFallback(ConfigFactory.parseResources(HttpSettings.class.getClassLoader(), "http.conf"))
                .resolve();
    }

    public boolean hasToken() {
        return token.isPresent();
    }

    public HttpSettings withHost(String newHost) {
        return new HttpSettings(newHost, port, token, askTimeout, retryAfter, shutdownDeadline, sseKeepAlive, dataDir,
                limits);
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(host, newPort, token, askTimeout, retryAfter, shutdownDeadline, sseKeepAlive, dataDir,
                limits);
    }

    /** The same settings with this token, or none for a null or empty one. */
    public HttpSettings withToken(String newToken) {
        return new HttpSettings(host, port, Optional.ofNullable(newToken), askTimeout, retryAfter, shutdownDeadline,
                sseKeepAlive, dataDir, limits);
    }

    public HttpSettings withDataDir(Path newDataDir) {
        return new HttpSettings(host, port, token, askTimeout, retryAfter, shutdownDeadline, sseKeepAlive, newDataDir,
                limits);
    }

    public HttpSettings withShutdownDeadline(Duration newShutdownDeadline) {
        return new HttpSettings(host, port, token, askTimeout, retryAfter, newShutdownDeadline, sseKeepAlive, dataDir,
                limits);
    }

    public HttpSettings withLimits(Limits newLimits) {
        return new HttpSettings(host, port, token, askTimeout, retryAfter, shutdownDeadline, sseKeepAlive, dataDir,
                newLimits);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", token=" + (hasToken() ? "(set)" : "(none)")
                + ", askTimeout=" + askTimeout + ", retryAfter=" + retryAfter + ", shutdownDeadline="
                + shutdownDeadline + ", sseKeepAlive=" + sseKeepAlive + ", dataDir=" + dataDir + ", " + limits + "]";
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidInputException(PATH + "." + key, PATH + "." + key + " must be a positive duration; got "
                    + value);
        }
    }

    private static void requirePositive(String key, long value) {
        if (value < 1) {
            throw new InvalidInputException(PATH + "." + key, PATH + "." + key + "=" + value + " must be at least 1");
        }
    }
}
