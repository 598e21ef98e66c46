package io.latnas.runtime;

import io.latnas.latency.LatencySource;
import io.latnas.space.Architecture;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A latency source for actor tests: answers with another source's latencies under its own hardware id,
 * and can be told to fail some architectures, or to hold every call until a gate opens.
 */
public final class ScriptedSource implements LatencySource, AutoCloseable {

    /** How long a held call waits at most, so that a test that forgets its gate cannot hang the build. */
    private static final long MAX_HOLD_SECONDS = 60;

    private final String hardwareId;
    private final LatencySource answers;
    private final AtomicInteger calls = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Predicate<Architecture> failing = arch -> false;
    private volatile RuntimeException failure;
    private volatile CountDownLatch gate;

    public ScriptedSource(String hardwareId, LatencySource answers) {
        this.hardwareId = hardwareId;
        this.answers = answers;
    }

    /** Calls for these architectures throw {@code failure}. */
    public ScriptedSource failing(Predicate<Architecture> architectures, RuntimeException failure) {
        this.failure = failure;
        this.failing = architectures;
        return this;
    }

    /** Calls for these architectures throw an IllegalStateException. */
    public ScriptedSource failing(Predicate<Architecture> architectures) {
        return failing(architectures, new IllegalStateException("scripted failure"));
    }

    /** Every call waits until {@code gate} opens. */
    public ScriptedSource heldUntil(CountDownLatch gate) {
        this.gate = gate;
        return this;
    }

    /** Calls started so far, held ones included. */
    public int calls() {
        return calls.get();
    }

    public boolean awaitClosed(long seconds) throws InterruptedException {
        return closed.await(seconds, TimeUnit.SECONDS);
    }

    @Override
    public String hardwareId() {
        return hardwareId;
    }

    @Override
    public String kind() {
        return answers.kind();
    }

    @Override
    public double latencyMs(Architecture arch, int batchSize) {
        calls.incrementAndGet();
        CountDownLatch held = gate;
        if (held != null) {
            try {
                held.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failing.test(arch)) {
            throw failure;
        }
        return answers.latencyMs(arch, batchSize);
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
