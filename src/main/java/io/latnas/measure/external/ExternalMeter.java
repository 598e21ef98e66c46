package io.latnas.measure.external;

import io.latnas.common.InvalidInputException;
import io.latnas.latency.LatencySource;
import io.latnas.measure.external.MeasurementFailedException.Kind;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A latency source that asks a separate program, the meter, to measure: a phone over adb, a GPU box
 * running PyTorch, an edge board. The meter is started once and spoken to one JSON line at a time
 * over its stdin and stdout (docs/EXTERNAL_METERS.md); its stderr goes to the log.
 *
 * <p>Each architecture gets at most two attempts. An attempt fails when the meter crashes, exceeds
 * the request timeout, or prints anything but the reply awaited; the meter is then killed and started
 * afresh for the next attempt, so no reply is ever paired with the wrong request. A meter that needs
 * more than {@code maxRestarts} restarts in a row is given up. A failure is thrown as
 * {@link MeasurementFailedException}, never turned into a number.
 *
 * <p>Thread-safe: concurrent callers are served one at a time, in arrival order.
 */
public final class ExternalMeter implements LatencySource, AutoCloseable {

    public static final String KIND = "external";
    private static final Logger log = LoggerFactory.getLogger(ExternalMeter.class);
    /** The first try and one retry on a fresh process. */
    private static final int ATTEMPTS = 2;

    private final ExternalMeterSettings settings;
    private final SearchSpace space;
    private final ReentrantLock lock = new ReentrantLock(true);

    // guarded by lock
    private MeterProcess process;
    private long requests;
    private int starts;
    private int restartsInARow;
    private String lastFailure = "none";
    private String unavailable;

    private volatile String device;

    private ExternalMeter(ExternalMeterSettings settings, SearchSpace space) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.space = Objects.requireNonNull(space, "space");
    }

    /**
     * Starts the meter's command and holds the handshake, so a wrong command or a meter that cannot
     * reach its device fails here rather than at the first architecture.
     *
     * @param space the search space whose architectures this meter measures; its id and width
     *              multiplier go with every request
     * @throws MeasurementFailedException of kind {@link Kind#METER_UNAVAILABLE} when the command cannot be
     *                                    started or does not complete the handshake within the startup timeout
     */
    public static ExternalMeter start(ExternalMeterSettings settings, SearchSpace space) {
        ExternalMeter meter = new ExternalMeter(settings, space);
        meter.lock.lock();
        try {
            meter.process = meter.launch();
        } catch (AttemptFailure e) {
            throw meter.failure(Kind.METER_UNAVAILABLE, "could not be started: " + e.reason());
        } finally {
            meter.lock.unlock();
        }
        return meter;
    }

    public String name() {
        return settings.name();
    }

    @Override
    public String hardwareId() {
        return settings.hardwareId();
    }

    @Override
    public String kind() {
        return KIND;
    }

    public SearchSpace space() {
        return space;
    }

    public ExternalMeterSettings settings() {
        return settings;
    }

    /** The device description from the latest handshake, as one line of JSON. */
    public String device() {
        return device;
    }

    /** How many times the meter has been restarted since {@link #start}. */
    public int restarts() {
        lock.lock();
        try {
            return Math.max(0, starts - 1);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Measures one architecture: the meter's latency, its device description and the reply's meta.
     *
     * @throws InvalidInputException      when the batch size is not positive or the architecture is
     *                                    outside this meter's search space
     * @throws MeasurementFailedException when the meter gives no usable latency; its kind and reason
     *                                    say why
     */
    public Measurement measure(Architecture arch, int batchSize) {
        Objects.requireNonNull(arch, "arch");
        if (batchSize <= 0) {
            throw new InvalidInputException("batch", "batch size " + batchSize + " must be positive");
        }
        space.validate(arch);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(Kind.INTERRUPTED, "interrupted while waiting for the meter to be free");
        }
        try {
            return measureLocked(arch, batchSize);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The meter's latency for {@code arch}; see {@link #measure}.
     *
     * @throws MeasurementFailedException when the meter gives no usable latency
     */
    @Override
    public double latencyMs(Architecture arch, int batchSize) {
        return measure(arch, batchSize).latencyMs();
    }

    private Measurement measureLocked(Architecture arch, int batchSize) {
        List<String> failures = new ArrayList<>(ATTEMPTS);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                MeterProcess meter = running();
                String id = Long.toString(++requests);
                meter.send(MeterProtocol.request(id, arch, batchSize, space));
                String line = meter.await(settings.requestTimeout(), "reply to request '" + id + "'",
                        "the request timeout");
                MeterProtocol.Reply reply = MeterProtocol.reply(line, id);
                restartsInARow = 0;
                return answer(arch, batchSize, meter, reply);
            } catch (AttemptFailure e) {
                discardProcess();
                lastFailure = e.reason();
                if (Thread.currentThread().isInterrupted()) {
                    throw failure(Kind.INTERRUPTED, e.reason());
                }
                log.warn("meter '{}': attempt {} of {} at {} failed: {}", name(), attempt, ATTEMPTS, arch, e.reason());
                failures.add(e.reason());
            }
        }
        throw failure(Kind.ATTEMPTS_FAILED, "both attempts failed: " + failures.get(0)
                + "; then, on a restarted meter: " + failures.get(1));
    }

    private Measurement answer(Architecture arch, int batchSize, MeterProcess meter, MeterProtocol.Reply reply) {
        if (reply instanceof MeterProtocol.Latency latency) {
            return new Measurement(arch, batchSize, latency.ms(), meter.device(), latency.meta());
        }
        MeasurementFailedException failure = reply instanceof MeterProtocol.Rejected rejected
                ? failure(Kind.METER_ERROR, "the meter answered with an error: " + rejected.message())
                : failure(Kind.INVALID_LATENCY, ((MeterProtocol.InvalidLatency) reply).reason());
        log.warn("meter '{}': no latency for {}: {}", name(), arch, failure.reason());
        throw failure;
    }

    /** The meter process in step and ready for a request, restarting it when needed and allowed. */
    private MeterProcess running() throws AttemptFailure {
        if (unavailable != null) {
            throw failure(Kind.METER_UNAVAILABLE, unavailable);
        }
        if (process != null) {
            Optional<String> outOfStep = process.outOfStep();
            if (outOfStep.isEmpty()) {
                return process;
            }
            log.warn("meter '{}': {}; restarting it", name(), outOfStep.get());
            lastFailure = outOfStep.get();
            discardProcess();
        }
        if (restartsInARow >= settings.maxRestarts()) {
            unavailable = "gave up after " + restartsInARow + " restart" + (restartsInARow == 1 ? "" : "s")
                    + " in a row without a reply in step (max-restarts=" + settings.maxRestarts()
                    + "); last failure: " + lastFailure;
            log.error("meter '{}': {}", name(), unavailable);
            throw failure(Kind.METER_UNAVAILABLE, unavailable);
        }
        restartsInARow++;
        log.info("meter '{}': restarting it ({} in a row, at most {})", name(), restartsInARow, settings.maxRestarts());
        process = launch();
        return process;
    }

    private MeterProcess launch() throws AttemptFailure {
        MeterProcess started = MeterProcess.start(settings, starts++);
        String previous = device;
        if (previous != null && !previous.equals(started.device())) {
            log.warn("meter '{}': device description changed on restart, from {} to {}", name(), previous,
                    started.device());
        }
        device = started.device();
        return started;
    }

    private void discardProcess() {
        if (process != null) {
            process.kill();
            process = null;
        }
    }

    private MeasurementFailedException failure(Kind kind, String reason) {
        return new MeasurementFailedException(name(), kind, reason);
    }

    /** The running meter process, if any; for tests. */
    Optional<ProcessHandle> processHandle() {
        lock.lock();
        try {
            return Optional.ofNullable(process).map(MeterProcess::handle);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Ends the meter: closes its stdin, waits up to the stop timeout for it to exit, then destroys it.
     * Waits for a request in flight to finish first. Later requests fail as unavailable. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (unavailable == null) {
                unavailable = "it is closed";
            }
            if (process != null) {
                process.stop(settings.stopTimeout());
                process = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ExternalMeter[" + name() + ", " + hardwareId() + ", " + String.join(" ", settings.command()) + "]";
    }
}
