package io.latnas.runtime.predict;

import io.latnas.inference.LatencyCache;
import io.latnas.space.Architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bookkeeping behind a {@link PredictorPool}'s micro-batching, in plain Java: which requests wait for
 * which architectures, which architectures still need a model call, and how they are grouped into calls.
 *
 * <p>A request is answered from the {@link LatencyCache} as far as it goes; each architecture it misses
 * joins the <em>forming</em> set of its (model, batch size) unless another request is already waiting
 * for it, in which case both wait for the one answer. Closing a forming set turns it into
 * <em>ready</em> batches of at most {@code maxBatch} architectures; a batch taken for a worker absorbs
 * the ready batches of the same model and batch size behind it, up to {@code maxBatch}.
 *
 * <p>A failed batch of several architectures is split in two and both halves are tried again before any
 * other work, so one architecture a model cannot answer fails only the requests that asked for it. Not
 * thread-safe: one actor owns it.
 *
 * @param <R> what identifies a requester (the pool's request message)
 */
final class PredictionQueue<R> {

    /** The architectures of one (model, batch size) are predicted together. */
    record BatchKey(String modelId, int batchSize) {
    }

    /**
     * One model call's worth of architectures, all distinct.
     *
     * @param retry whether it is half of a failed batch, which is never merged with others
     */
    record Batch(long id, String modelId, int batchSize, List<Architecture> architectures, boolean retry) {

        BatchKey key() {
            return new BatchKey(modelId, batchSize);
        }
    }

    /** One request's answers as they arrive; done when every slot is filled or one has failed. */
    static final class Ticket<R> {
        private final R requester;
        private final double[] latenciesMs;
        private int remaining;
        private int hits;
        private int misses;
        private String failure;

        private Ticket(R requester, int size) {
            this.requester = requester;
            this.latenciesMs = new double[size];
            this.remaining = size;
        }

        R requester() {
            return requester;
        }

        double[] latenciesMs() {
            return latenciesMs;
        }

        /** Architectures answered from the cache when the request arrived. */
        int hits() {
            return hits;
        }

        /** Architectures that needed a model call (or waited for one another request caused). */
        int misses() {
            return misses;
        }

        /** Why the request cannot be answered, or null. */
        String failure() {
            return failure;
        }

        boolean done() {
            return remaining == 0 || failure != null;
        }

        private void fill(int slot, double ms) {
            latenciesMs[slot] = ms;
            remaining--;
        }
    }

    private record Slot<R>(Ticket<R> ticket, int index) {
    }

    private final LatencyCache cache;
    private final int maxBatch;
    /** Architectures asked for and not yet answered (forming, ready or in flight), with who waits for them. */
    private final Map<LatencyCache.Key, List<Slot<R>>> waiting = new HashMap<>();
    private final Map<BatchKey, List<Architecture>> forming = new LinkedHashMap<>();
    private final Deque<Batch> ready = new ArrayDeque<>();
    private final Map<Long, Batch> inFlight = new HashMap<>();
    private long nextBatchId = 1;
    private int formingArchitectures;
    private int readyArchitectures;

    PredictionQueue(LatencyCache cache, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.cache = cache;
        this.maxBatch = maxBatch;
    }

    /**
     * Takes a request: fills what the cache knows and queues the rest. The ticket is done at once when
     * the cache knew everything.
     */
    Ticket<R> submit(R requester, String modelId, int batchSize, List<Architecture> archs) {
        Ticket<R> ticket = new Ticket<>(requester, archs.size());
        for (int i = 0; i < archs.size(); i++) {
            Architecture arch = archs.get(i);
            double cached = cache.get(modelId, arch, batchSize);
            if (!Double.isNaN(cached)) {
                ticket.fill(i, cached);
                ticket.hits++;
                continue;
            }
            ticket.misses++;
            LatencyCache.Key key = new LatencyCache.Key(modelId, arch, batchSize);
            List<Slot<R>> slots = waiting.get(key);
            if (slots == null) {
                slots = new ArrayList<>(1);
                waiting.put(key, slots);
                forming.computeIfAbsent(new BatchKey(modelId, batchSize), k -> new ArrayList<>()).add(arch);
                formingArchitectures++;
            }
            slots.add(new Slot<>(ticket, i));
        }
        return ticket;
    }

    /** Architectures waiting in the forming set of {@code key}. */
    int forming(BatchKey key) {
        List<Architecture> archs = forming.get(key);
        return archs == null ? 0 : archs.size();
    }

    /** Turns the forming set of {@code key} into ready batches of at most {@code maxBatch}. */
    void close(BatchKey key) {
        List<Architecture> archs = forming.remove(key);
        if (archs == null) {
            return;
        }
        formingArchitectures -= archs.size();
        for (int from = 0; from < archs.size(); from += maxBatch) {
            List<Architecture> part = List.copyOf(archs.subList(from, Math.min(archs.size(), from + maxBatch)));
            ready.addLast(new Batch(nextBatchId++, key.modelId(), key.batchSize(), part, false));
            readyArchitectures += part.size();
        }
    }

    /**
     * The next batch for a worker, merged with later ready batches of the same model and batch size while
     * they fit in {@code maxBatch}; it is in flight until {@link #completed} or {@link #failed}.
     */
    Optional<Batch> dispatch() {
        Batch first = ready.pollFirst();
        if (first == null) {
            return Optional.empty();
        }
        Batch batch = first;
        if (!first.retry()) {
            List<Architecture> merged = new ArrayList<>(first.architectures());
            for (Iterator<Batch> it = ready.iterator(); it.hasNext() && merged.size() < maxBatch; ) {
                Batch next = it.next();
                if (!next.retry() && next.key().equals(first.key())
                        && merged.size() + next.architectures().size() <= maxBatch) {
                    merged.addAll(next.architectures());
                    it.remove();
                }
            }
            if (merged.size() > first.architectures().size()) {
                batch = new Batch(first.id(), first.modelId(), first.batchSize(), List.copyOf(merged), false);
            }
        }
        readyArchitectures -= batch.architectures().size();
        inFlight.put(batch.id(), batch);
        return Optional.of(batch);
    }

    /**
     * The model answered a batch: caches what it said and fills every waiting slot. A latency that is not a
     * finite non-negative number fails the requests that wait for it rather than being passed on.
     *
     * @return the requests finished by this answer (answered or failed), each once
     */
    List<Ticket<R>> completed(long batchId, double[] latenciesMs) {
        Batch batch = inFlight.remove(batchId);
        if (batch == null) {
            return List.of();
        }
        List<Architecture> archs = batch.architectures();
        if (latenciesMs == null || latenciesMs.length != archs.size()) {
            return failAll(batch, "model " + batch.modelId() + " answered "
                    + (latenciesMs == null ? "nothing" : latenciesMs.length + " latencies") + " for "
                    + archs.size() + " architectures");
        }
        Set<Ticket<R>> finished = new LinkedHashSet<>();
        for (int i = 0; i < archs.size(); i++) {
            double ms = latenciesMs[i];
            LatencyCache.Key key = new LatencyCache.Key(batch.modelId(), archs.get(i), batch.batchSize());
            if (!Double.isFinite(ms) || ms < 0) {
                fail(key, "model " + batch.modelId() + " answered " + ms + " ms for " + archs.get(i)
                        + ", which is not a latency", finished);
                continue;
            }
            cache.put(batch.modelId(), archs.get(i), batch.batchSize(), ms);
            List<Slot<R>> slots = waiting.remove(key);
            if (slots == null) {
                continue;
            }
            for (Slot<R> slot : slots) {
                Ticket<R> ticket = slot.ticket();
                if (ticket.failure == null) {
                    ticket.fill(slot.index(), ms);
                    if (ticket.remaining == 0) {
                        finished.add(ticket);
                    }
                }
            }
        }
        return List.copyOf(finished);
    }

    /**
     * The model could not answer a batch. One of several architectures is split off and tried again (halves
     * first in line), so the failure narrows down to the architectures at fault; a single architecture's
     * failure fails every request waiting for it.
     *
     * @return the requests failed now, each once
     */
    List<Ticket<R>> failed(long batchId, String reason) {
        Batch batch = inFlight.remove(batchId);
        if (batch == null) {
            return List.of();
        }
        List<Architecture> archs = batch.architectures();
        if (archs.size() == 1) {
            return failAll(batch, reason);
        }
        int half = archs.size() / 2;
        ready.addFirst(new Batch(nextBatchId++, batch.modelId(), batch.batchSize(),
                List.copyOf(archs.subList(half, archs.size())), true));
        ready.addFirst(new Batch(nextBatchId++, batch.modelId(), batch.batchSize(),
                List.copyOf(archs.subList(0, half)), true));
        readyArchitectures += archs.size();
        return List.of();
    }

    private List<Ticket<R>> failAll(Batch batch, String reason) {
        Set<Ticket<R>> finished = new LinkedHashSet<>();
        for (Architecture arch : batch.architectures()) {
            fail(new LatencyCache.Key(batch.modelId(), arch, batch.batchSize()), reason, finished);
        }
        return List.copyOf(finished);
    }

    private void fail(LatencyCache.Key key, String reason, Set<Ticket<R>> finished) {
        List<Slot<R>> slots = waiting.remove(key);
        if (slots == null) {
            return;
        }
        for (Slot<R> slot : slots) {
            if (slot.ticket().failure == null && slot.ticket().remaining > 0) {
                slot.ticket().failure = reason;
                finished.add(slot.ticket());
            }
        }
    }

    boolean hasReady() {
        return !ready.isEmpty();
    }

    /** Batches waiting for a worker. */
    int readyBatches() {
        return ready.size();
    }

    /** Architectures not yet handed to a worker: forming or in ready batches. */
    int queuedArchitectures() {
        return formingArchitectures + readyArchitectures;
    }

    int inFlightBatches() {
        return inFlight.size();
    }
}
