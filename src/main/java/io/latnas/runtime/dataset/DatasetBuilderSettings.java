package io.latnas.runtime.dataset;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.latnas.common.InvalidInputException;

import java.time.Duration;

/**
 * How a {@link DatasetBuilder} spreads its measurements ({@code latnas.runtime.dataset-builder}).
 *
 * @param inFlightPerActor   measurements outstanding at each measurement actor
 * @param maxAttempts        tries per architecture before it is recorded as failed
 * @param measurementTimeout how long one request may take, queueing included, before it is tried elsewhere
 * @param retryBackoff       how long an actor that rejected a request or let one time out gets no new work
 * @param noActorTimeout     how long the builder waits, with work left, for an actor serving its hardware
 * @param progressInterval   how often subscribers hear about progress
 */
public record DatasetBuilderSettings(int inFlightPerActor, int maxAttempts, Duration measurementTimeout,
                                     Duration retryBackoff, Duration noActorTimeout, Duration progressInterval) {

    public static final String PATH = "latnas.runtime.dataset-builder";

    public DatasetBuilderSettings {
        if (inFlightPerActor < 1) {
            throw new InvalidInputException("in-flight-per-actor", "in-flight-per-actor=" + inFlightPerActor
                    + " must be at least 1");
        }
        if (maxAttempts < 1) {
            throw new InvalidInputException("max-attempts", "max-attempts=" + maxAttempts + " must be at least 1");
        }
        requirePositive("measurement-timeout", measurementTimeout);
        requirePositive("retry-backoff", retryBackoff);
        requirePositive("no-actor-timeout", noActorTimeout);
        requirePositive("progress-interval", progressInterval);
    }

    public static DatasetBuilderSettings fromConfig(Config config) {
        try {
            Config c = config.getConfig(PATH);
            return new DatasetBuilderSettings(c.getInt("in-flight-per-actor"), c.getInt("max-attempts"),
                    c.getDuration("measurement-timeout"), c.getDuration("retry-backoff"),
                    c.getDuration("no-actor-timeout"), c.getDuration("progress-interval"));
        } catch (ConfigException e) {
            throw new InvalidInputException(PATH, "bad " + PATH + ": " + e.getMessage(), e);
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidInputException(key, key + " must be a positive duration; got " + value);
        }
    }
}
