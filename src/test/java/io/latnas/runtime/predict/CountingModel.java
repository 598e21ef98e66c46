package io.latnas.runtime.predict;

import io.latnas.inference.BatchLatencyModel;
import io.latnas.latency.LatencySource;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A model for actor tests: answers with a latency source's numbers, records every call, and can be told
 * to fail or answer NaN for some architectures, or to hold every call until a gate opens.
 */
public final class CountingModel implements BatchLatencyModel {

    /** How long a held call waits at most, so that a test that forgets its gate cannot hang the build. */
    private static final long MAX_HOLD_SECONDS = 60;

    private final String id;
    private final LatencySource source;
    private final SearchSpace space;
    private final List<Integer> callSizes = Collections.synchronizedList(new ArrayList<>());
    private volatile Predicate<Architecture> failing = arch -> false;
    private volatile Predicate<Architecture> nan = arch -> false;
    private volatile CountDownLatch gate;
    private volatile int freeCalls;

    public CountingModel(String id, LatencySource source, SearchSpace space) {
        this.id = id;
        this.source = source;
        this.space = space;
    }

    /** Calls with any of these architectures throw. */
    public CountingModel failing(Predicate<Architecture> architectures) {
        this.failing = architectures;
        return this;
    }

    /** These architectures are answered NaN. */
    public CountingModel answeringNaN(Predicate<Architecture> architectures) {
        this.nan = architectures;
        return this;
    }

    /** Every call waits until {@code gate} opens. */
    public CountingModel heldUntil(CountDownLatch gate) {
        return heldAfter(0, gate);
    }

    /** The first {@code calls} calls go through; every later one waits until {@code gate} opens. */
    public CountingModel heldAfter(int calls, CountDownLatch gate) {
        this.freeCalls = calls;
        this.gate = gate;
        return this;
    }

    /** Calls started so far. */
    public int calls() {
        return callSizes.size();
    }

    /** Architectures in all calls so far. */
    public int architectures() {
        synchronized (callSizes) {
            return callSizes.stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Architectures in each call, in order. */
    public List<Integer> callSizes() {
        synchronized (callSizes) {
            return List.copyOf(callSizes);
        }
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String hardwareId() {
        return source.hardwareId();
    }

    @Override
    public SearchSpace space() {
        return space;
    }

    @Override
    public double[] predictMs(List<Architecture> archs, int batchSize) {
        int call;
        synchronized (callSizes) {
            callSizes.add(archs.size());
            call = callSizes.size();
        }
        CountDownLatch held = gate;
        if (held != null && call > freeCalls) {
            try {
                held.await(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Architecture arch : archs) {
            if (failing.test(arch)) {
                throw new IllegalStateException("scripted failure for " + arch);
            }
        }
        double[] out = source.latenciesMs(archs, batchSize);
        for (int i = 0; i < out.length; i++) {
            if (nan.test(archs.get(i))) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }
}
