package io.latnas.runtime.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bookkeeping of one generation's fan-out, in plain Java: which chunks wait, which are out with
 * which worker (numbered 0 to {@code workers - 1}), how often each was tried, and whether the generation
 * is complete or has failed. A chunk that fails or times out goes to a worker that has not failed it
 * where there is one with room; after {@code maxAttempts} tries it fails the generation.
 *
 * <p>Answers are accepted late: a chunk retried after a timeout is done with whichever attempt answers
 * first. Not thread-safe: one actor owns it.
 */
final class ChunkPlan {

    /** One try of one chunk on one worker; {@code attempt} is unique within the plan. */
    record Assignment(long attempt, int chunk, int worker) {
    }

    private final int chunks;
    private final int workers;
    private final int maxAttempts;
    private final int inFlightPerWorker;
    private final int[] attempts;
    private final boolean[] done;
    private final int[] load;
    private final List<Set<Integer>> failedOn;
    private final Deque<Integer> waiting = new ArrayDeque<>();
    private final Map<Long, Assignment> assignments = new HashMap<>();
    private final Map<Long, Assignment> outstanding = new LinkedHashMap<>();
    private long nextAttempt = 1;
    private int doneCount;
    private int cursor;
    private String failure;

    ChunkPlan(int chunks, int workers, int maxAttempts, int inFlightPerWorker) {
        if (workers < 1) {
            throw new IllegalArgumentException("a fan-out needs at least one worker");
        }
        this.chunks = chunks;
        this.workers = workers;
        this.maxAttempts = maxAttempts;
        this.inFlightPerWorker = inFlightPerWorker;
        this.attempts = new int[chunks];
        this.done = new boolean[chunks];
        this.load = new int[workers];
        this.failedOn = new ArrayList<>(chunks);
        for (int chunk = 0; chunk < chunks; chunk++) {
            failedOn.add(new HashSet<>());
            waiting.addLast(chunk);
        }
    }

    /** Hands waiting chunks to workers with room, spreading them round-robin. */
    List<Assignment> assign() {
        List<Assignment> assigned = new ArrayList<>();
        for (Iterator<Integer> it = waiting.iterator(); it.hasNext() && failure == null; ) {
            int chunk = it.next();
            int worker = pickWorker(chunk);
            if (worker < 0) {
                break;
            }
            it.remove();
            attempts[chunk]++;
            load[worker]++;
            Assignment assignment = new Assignment(nextAttempt++, chunk, worker);
            assignments.put(assignment.attempt(), assignment);
            outstanding.put(assignment.attempt(), assignment);
            assigned.add(assignment);
        }
        return assigned;
    }

    /** The assignment of {@code attempt}, also after it timed out. */
    Optional<Assignment> assignment(long attempt) {
        return Optional.ofNullable(assignments.get(attempt));
    }

    /**
     * The chunk of {@code attempt} is answered.
     *
     * @return whether this is the chunk's first answer (a later one is to be ignored)
     */
    boolean succeeded(long attempt) {
        Assignment assignment = assignments.get(attempt);
        return assignment != null && succeededChunk(assignment.chunk());
    }

    /** {@code chunk} is answered, by whichever of its attempts. */
    boolean succeededChunk(int chunk) {
        for (Iterator<Assignment> it = outstanding.values().iterator(); it.hasNext(); ) {
            Assignment a = it.next();
            if (a.chunk() == chunk) {
                it.remove();
                load[a.worker()]--;
            }
        }
        if (done[chunk]) {
            return false;
        }
        done[chunk] = true;
        doneCount++;
        waiting.remove(chunk);
        return true;
    }

    /** {@code attempt} failed; its chunk is tried again unless it is done, out elsewhere or out of attempts. */
    void failed(long attempt, String reason) {
        Assignment a = outstanding.remove(attempt);
        if (a == null) {
            return;
        }
        load[a.worker()]--;
        failedOn.get(a.chunk()).add(a.worker());
        int chunk = a.chunk();
        if (done[chunk] || isOutstanding(chunk) || waiting.contains(chunk)) {
            return;
        }
        if (attempts[chunk] >= maxAttempts) {
            if (failure == null) {
                failure = "gave up after " + attempts[chunk] + (attempts[chunk] == 1 ? " attempt" : " attempts")
                        + ": " + reason;
            }
        } else {
            waiting.addLast(chunk);
        }
    }

    /** The oldest outstanding attempt of {@code chunk} failed (for answers that name a chunk, not an attempt). */
    void failedChunk(int chunk, String reason) {
        for (Assignment a : outstanding.values()) {
            if (a.chunk() == chunk) {
                failed(a.attempt(), reason);
                return;
            }
        }
    }

    /** Every outstanding attempt failed for lack of an answer. */
    List<Assignment> timedOut(String reason) {
        List<Assignment> late = List.copyOf(outstanding.values());
        for (Assignment a : late) {
            failed(a.attempt(), reason);
        }
        return late;
    }

    boolean finished() {
        return doneCount == chunks;
    }

    /** Why the generation failed, once a chunk ran out of attempts. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    int outstanding() {
        return outstanding.size();
    }

    private boolean isOutstanding(int chunk) {
        for (Assignment a : outstanding.values()) {
            if (a.chunk() == chunk) {
                return true;
            }
        }
        return false;
    }

    /** A worker with room that has not failed this chunk, else any with room, else -1. */
    private int pickWorker(int chunk) {
        int fallback = -1;
        for (int k = 0; k < workers; k++) {
            int worker = (cursor + k) % workers;
            if (load[worker] >= inFlightPerWorker) {
                continue;
            }
            if (!failedOn.get(chunk).contains(worker)) {
                cursor = worker + 1;
                return worker;
            }
            if (fallback < 0) {
                fallback = worker;
            }
        }
        if (fallback >= 0) {
            cursor = fallback + 1;
        }
        return fallback;
    }
}
