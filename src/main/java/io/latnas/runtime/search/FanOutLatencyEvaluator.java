package io.latnas.runtime.search;

import io.latnas.search.CancellationToken;
import io.latnas.search.EvaluatorStats;
import io.latnas.search.LatencyEvaluator;
import io.latnas.space.Architecture;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The search's latency evaluator for actor-backed strategies: each call hands the batch to the search's
 * actor, which fans it out ({@link GenerationFanOut}), and waits for the answer.
 *
 * <p>The wait blocks the calling thread, which is why searches run on their own dispatcher and never on
 * the default one, nor on the one the predictor workers they wait for run on. It wakes every
 * {@value #POLL_MS} ms to see whether the search was cancelled, so a search whose actor has gone (its
 * answer will never come) still ends promptly, and gives up after {@code timeout}.
 */
final class FanOutLatencyEvaluator implements LatencyEvaluator {

    private static final long POLL_MS = 50;

    /** Starts the fan-out of one batch; the future completes with its latencies or why there are none. */
    @FunctionalInterface
    interface Generations {
        CompletableFuture<GenerationFanOut.Answer> evaluate(List<Architecture> archs, int batchSize);
    }

    private final Generations generations;
    private final CancellationToken cancellation;
    private final Duration timeout;
    private final String description;
    private final LongAdder evaluations = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    FanOutLatencyEvaluator(Generations generations, CancellationToken cancellation, Duration timeout,
                           String description) {
        this.generations = Objects.requireNonNull(generations, "generations");
        this.cancellation = Objects.requireNonNull(cancellation, "cancellation");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.description = description;
    }

    /**
     * @throws CancellationException     when the search is cancelled while it waits
     * @throws GenerationFailedException when the latencies cannot be had
     */
    @Override
    public double[] latenciesMs(List<Architecture> archs, int batchSize) {
        if (archs.isEmpty()) {
            return new double[0];
        }
        if (cancellation.isCancelled()) {
            throw new CancellationException("the search was cancelled");
        }
        CompletableFuture<GenerationFanOut.Answer> pending = generations.evaluate(List.copyOf(archs), batchSize);
        GenerationFanOut.Answer answer = await(pending);
        evaluations.add(archs.size());
        hits.add(answer.cacheHits());
        misses.add(answer.cacheMisses());
        return answer.latenciesMs();
    }

    private GenerationFanOut.Answer await(CompletableFuture<GenerationFanOut.Answer> pending) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return pending.get(POLL_MS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (cancellation.isCancelled()) {
                    throw new CancellationException("the search was cancelled");
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new GenerationFailedException(description + ": no answer within " + timeout);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new GenerationFailedException(description + ": " + e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while waiting for latencies");
            }
        }
    }

    /** Architectures asked about; cache counts are the pools' (measurements are never cached). */
    @Override
    public EvaluatorStats stats() {
        return new EvaluatorStats(evaluations.sum(), hits.sum(), misses.sum(), 0);
    }

    @Override
    public String toString() {
        return "FanOutLatencyEvaluator[" + description + "]";
    }
}
