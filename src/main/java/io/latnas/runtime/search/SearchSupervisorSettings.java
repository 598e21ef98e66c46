package io.latnas.runtime.search;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.latnas.common.InvalidInputException;

import java.time.Duration;

/**
 * How a {@link SearchSupervisor} admits and runs searches ({@code latnas.runtime.search}).
 *
 * @param maxConcurrent    searches running at once; more wait in the queue
 * @param queueSize        searches waiting; one more is rejected with {@link RejectionCode#QUEUE_FULL}
 * @param keepFinished     finished searches kept for {@code GetSearch}; the oldest is forgotten beyond this
 * @param keepFinishedFor  how long a finished search is kept
 * @param retryAfter       the retry hint a {@code QUEUE_FULL} rejection carries
 * @param dispatcher       the configuration path of the dispatcher searches run on (one thread per running
 *                         search; never the one predictor workers run on, which searches wait for)
 * @param chunkSize        architectures per request to a predictor pool when a generation is fanned out
 * @param inFlightPerActor measurements outstanding at each measurement actor
 * @param replyTimeout     silence after which a generation's outstanding requests are sent elsewhere
 * @param maxAttempts      tries per chunk before the generation, and the search, fail
 * @param workerWaitTimeout how long a starting search waits for a pool or measurement actor to be listed
 * @param admissionTimeout how long the checks of a request (Receptionist, model description) may take
 * @param generationTimeout a safety net: the longest one latency call of a search may wait for its fan-out
 */
public record SearchSupervisorSettings(int maxConcurrent, int queueSize, int keepFinished, Duration keepFinishedFor,
                                       Duration retryAfter, String dispatcher, int chunkSize, int inFlightPerActor,
                                       Duration replyTimeout, int maxAttempts, Duration workerWaitTimeout,
                                       Duration admissionTimeout, Duration generationTimeout) {

    public static final String PATH = "latnas.runtime.search";

    /** The shipped values (conf/pekko.conf). */
    public static final SearchSupervisorSettings DEFAULTS = new SearchSupervisorSettings(2, 16, 100,
            Duration.ofHours(1), Duration.ofSeconds(30), "latnas.search-dispatcher", 50, 2, Duration.ofSeconds(30), 3,
            Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(10));

    public SearchSupervisorSettings {
        atLeast("max-concurrent", maxConcurrent, 1);
        atLeast("queue-size", queueSize, 0);
        atLeast("keep-finished", keepFinished, 0);
        positive("keep-finished-for", keepFinishedFor);
        positive("retry-after", retryAfter);
        if (dispatcher == null || dispatcher.isBlank()) {
            throw new InvalidInputException("dispatcher", PATH + ".dispatcher must name a dispatcher");
        }
        atLeast("chunk-size", chunkSize, 1);
        atLeast("in-flight-per-actor", inFlightPerActor, 1);
        positive("reply-timeout", replyTimeout);
        atLeast("max-attempts", maxAttempts, 1);
        positive("worker-wait-timeout", workerWaitTimeout);
        positive("admission-timeout", admissionTimeout);
        positive("generation-timeout", generationTimeout);
    }

    /** The same settings with another concurrency limit and queue. */
    public SearchSupervisorSettings withLimits(int newMaxConcurrent, int newQueueSize) {
        return new SearchSupervisorSettings(newMaxConcurrent, newQueueSize, keepFinished, keepFinishedFor, retryAfter,
                dispatcher, chunkSize, inFlightPerActor, replyTimeout, maxAttempts, workerWaitTimeout,
                admissionTimeout, generationTimeout);
    }

    /** The same settings keeping finished searches differently. */
    public SearchSupervisorSettings withKeepFinished(int count, Duration time) {
        return new SearchSupervisorSettings(maxConcurrent, queueSize, count, time, retryAfter, dispatcher, chunkSize,
                inFlightPerActor, replyTimeout, maxAttempts, workerWaitTimeout, admissionTimeout, generationTimeout);
    }

    /** The same settings with other fan-out timing. */
    public SearchSupervisorSettings withFanOut(int newChunkSize, Duration newReplyTimeout, int newMaxAttempts) {
        return new SearchSupervisorSettings(maxConcurrent, queueSize, keepFinished, keepFinishedFor, retryAfter,
                dispatcher, newChunkSize, inFlightPerActor, newReplyTimeout, newMaxAttempts, workerWaitTimeout,
                admissionTimeout, generationTimeout);
    }

    /**
     * @throws InvalidInputException naming the key at fault
     */
    public static SearchSupervisorSettings fromConfig(Config config) {
        try {
            Config c = config.getConfig(PATH);
            return new SearchSupervisorSettings(c.getInt("max-concurrent"), c.getInt("queue-size"),
                    c.getInt("keep-finished"), c.getDuration("keep-finished-for"), c.getDuration("retry-after"),
                    c.getString("dispatcher"), c.getInt("chunk-size"), c.getInt("in-flight-per-actor"),
                    c.getDuration("reply-timeout"), c.getInt("max-attempts"), c.getDuration("worker-wait-timeout"),
                    c.getDuration("admission-timeout"), c.getDuration("generation-timeout"));
        } catch (ConfigException e) {
            throw new InvalidInputException(PATH, "bad " + PATH + ": " + e.getMessage(), e);
        }
    }

    private static void atLeast(String key, int value, int min) {
        if (value < min) {
            throw new InvalidInputException(key, PATH + "." + key + "=" + value + " must be at least " + min);
        }
    }

    private static void positive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new InvalidInputException(key, PATH + "." + key + " must be a positive duration; got " + value);
        }
    }
}
