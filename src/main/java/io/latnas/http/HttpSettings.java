package io.latnas.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the HTTP API runs ({@code latnas.http}, in {@code conf/http.conf}).
 *
 * @param host               the address to bind; anything but a loopback address needs a token
 * @param port               the port to bind; 0 picks a free one
 * @param token              the bearer token every route but {@code /v1/health} requires, when set
 * @param askTimeout         how long a route waits for an actor before answering 503
 * @param maxBodyBytes       larger request bodies are answered 413
 * @param maxBatch           architectures one prediction request may carry
 * @param dataDir            the only directory dataset jobs write to
 * @param maxDatasetCount    architectures one dataset job may ask for
 * @param maxRunningDatasets dataset jobs running at once through the API
 * @param datasetsKept       finished dataset jobs whose status is still answered
 * @param retryAfter         what Retry-After says on a 503
 * @param shutdownDeadline   how long requests in flight get to finish on shutdown
 * @param sseKeepAlive       how often an idle event stream gets a keep-alive comment
 */
public record HttpSettings(String host, int port, Optional<String> token, Duration askTimeout, long maxBodyBytes,
                           int maxBatch, Path dataDir, int maxDatasetCount, int maxRunningDatasets, int datasetsKept,
                           Duration retryAfter, Duration shutdownDeadline, Duration sseKeepAlive) {

    public static final String PATH = "latnas.http";
    /** The environment variable {@code conf/http.conf} reads the token from. */
    public static final String TOKEN_ENV = "LATNAS_HTTP_TOKEN";

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new InvalidInputException(PATH + ".host", PATH + ".host is empty; use 127.0.0.1 to serve this"
                    + " machine only");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInputException(PATH + ".port", PATH + ".port=" + port + " is not a port (0..65535)");
        }
        token = Objects.requireNonNull(token, "token").filter(t -> !t.isBlank());
        requirePositive("ask-timeout", askTimeout);
        requirePositive("max-body-bytes", maxBodyBytes);
        requirePositive("max-batch", maxBatch);
        Objects.requireNonNull(dataDir, "dataDir");
        requirePositive("max-dataset-count", maxDatasetCount);
        requirePositive("max-running-datasets", maxRunningDatasets);
        requirePositive("datasets-kept", datasetsKept);
        requirePositive("retry-after", retryAfter);
        requirePositive("shutdown-deadline", shutdownDeadline);
        requirePositive("sse-keep-alive", sseKeepAlive);
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
                    c.getDuration("ask-timeout"), c.getBytes("max-body-bytes"), c.getInt("max-batch"),
                    Path.of(c.getString("data-dir")), c.getInt("max-dataset-count"), c.getInt("max-running-datasets"),
                    c.getInt("datasets-kept"), c.getDuration("retry-after"), c.getDuration("shutdown-deadline"),
                    c.getDuration("sse-keep-alive"));
        } catch (ConfigException e) {
            throw new InvalidInputException(PATH, "bad " + PATH + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code config} with {@code http.conf} merged in when it has no {@code latnas.http} yet, system
     * properties still on top; the environment fills {@code ${?LATNAS_HTTP_TOKEN}} and the like.
     */
    public static Config withHttpConfig(Config config) {
        if (config.hasPath(PATH)) {
            return config;
        }
        return ConfigFactory.systemProperties()
                .withFallback(ConfigFactory.parseResources(HttpSettings.class.getClassLoader(), "http.conf"))
                .withFallback(config)
                .resolve();
    }

    public boolean hasToken() {
        return token.isPresent();
    }

    public HttpSettings withHost(String newHost) {
        return new HttpSettings(newHost, port, token, askTimeout, maxBodyBytes, maxBatch, dataDir, maxDatasetCount,
                maxRunningDatasets, datasetsKept, retryAfter, shutdownDeadline, sseKeepAlive);
    }

    public HttpSettings withPort(int newPort) {
        return new HttpSettings(host, newPort, token, askTimeout, maxBodyBytes, maxBatch, dataDir, maxDatasetCount,
                maxRunningDatasets, datasetsKept, retryAfter, shutdownDeadline, sseKeepAlive);
    }

    /** The same settings with this token, or none for an empty one. */
    public HttpSettings withToken(String newToken) {
        return new HttpSettings(host, port, Optional.ofNullable(newToken), askTimeout, maxBodyBytes, maxBatch, dataDir,
                maxDatasetCount, maxRunningDatasets, datasetsKept, retryAfter, shutdownDeadline, sseKeepAlive);
    }

    public HttpSettings withDataDir(Path newDataDir) {
        return new HttpSettings(host, port, token, askTimeout, maxBodyBytes, maxBatch, newDataDir, maxDatasetCount,
                maxRunningDatasets, datasetsKept, retryAfter, shutdownDeadline, sseKeepAlive);
    }

    public HttpSettings withMaxBodyBytes(long newMaxBodyBytes) {
        return new HttpSettings(host, port, token, askTimeout, newMaxBodyBytes, maxBatch, dataDir, maxDatasetCount,
                maxRunningDatasets, datasetsKept, retryAfter, shutdownDeadline, sseKeepAlive);
    }

    public HttpSettings withMaxRunningDatasets(int newMaxRunningDatasets) {
        return new HttpSettings(host, port, token, askTimeout, maxBodyBytes, maxBatch, dataDir, maxDatasetCount,
                newMaxRunningDatasets, datasetsKept, retryAfter, shutdownDeadline, sseKeepAlive);
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", token=" + (hasToken() ? "(set)" : "(none)")
                + ", askTimeout=" + askTimeout + ", maxBodyBytes=" + maxBodyBytes + ", maxBatch=" + maxBatch
                + ", dataDir=" + dataDir + ", maxDatasetCount=" + maxDatasetCount + ", maxRunningDatasets="
                + maxRunningDatasets + ", datasetsKept=" + datasetsKept + ", retryAfter=" + retryAfter
                + ", shutdownDeadline=" + shutdownDeadline + ", sseKeepAlive=" + sseKeepAlive + "]";
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
