package io.latnas.runtime.dataset;

import io.latnas.space.Architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
 * The bookkeeping of one dataset build, free of actors: which architectures wait, which are out at
 * which worker, which are done or failed, and how many each worker measured. Workers come and go; a
 * worker's outstanding architectures go back to the queue when it leaves.
 *
 * <p>Every dispatch is an attempt with its own id; an architecture gets at most {@code maxAttempts}
 * and a retry goes to a worker that has not tried it yet where one exists. Only the first success of
 * an architecture counts: {@link #succeeded} returns it once, so a row is written once. A rejection
 * (a full queue) is no attempt. Not thread-safe; one actor owns it.
 *
 * @param <W> how a worker is identified (an actor reference in the builder, a string in tests)
 */
public final class DatasetPlan<W> {

    /** Send {@code architecture} to {@code worker}; its answer is reported under {@code attempt}. */
    public record Assignment<W>(long attempt, Architecture architecture, W worker) {
    }

    /**
     * @param gaveUp whether that was the architecture's last attempt, so it is now recorded as failed
     */
    public record FailureOutcome(boolean stale, boolean gaveUp) {
        static final FailureOutcome STALE = new FailureOutcome(true, false);
    }

    /**
     * @param measuredBy successes per worker, also of workers that have left, in order of first appearance
     */
    public record Progress<W>(int planned, int measured, int failed, int inFlight, int waiting, int workers,
                              Map<W, Long> measuredBy) {
    }

    private static final class WorkerState {
        int inFlight;
        boolean paused;
    }

    private final int inFlightPerWorker;
    private final int maxAttempts;
    private final int planned;
    private final Deque<Architecture> fresh;
    /** Architectures to try again, in the order they came back; a rejected one goes first. */
    private final Deque<Architecture> retries = new ArrayDeque<>();
    private final Map<Architecture, Integer> attempts = new HashMap<>();
    private final Map<Architecture, Set<W>> triedBy = new HashMap<>();
    private final Map<Long, Assignment<W>> issued = new HashMap<>();
    private final Map<Long, Assignment<W>> inFlight = new LinkedHashMap<>();
    private final Map<W, WorkerState> workers = new LinkedHashMap<>();
    private final Map<W, Long> measuredBy = new LinkedHashMap<>();
    private final Set<Architecture> done = new HashSet<>();
    private final Map<Architecture, String> failed = new LinkedHashMap<>();
    private long nextAttempt = 1;

    /**
     * @param toMeasure the architectures to measure, in the order to send them; distinct
     */
    public DatasetPlan(Collection<Architecture> toMeasure, int inFlightPerWorker, int maxAttempts) {
        if (inFlightPerWorker < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("in-flight per worker and max attempts must be at least 1");
        }
        this.fresh = new ArrayDeque<>(toMeasure);
        this.planned = fresh.size();
        this.inFlightPerWorker = inFlightPerWorker;
        this.maxAttempts = maxAttempts;
    }

    /** Adds a worker; false when it is already known. */
    public boolean addWorker(W worker) {
        if (workers.containsKey(worker)) {
            return false;
        }
        workers.put(worker, new WorkerState());
        measuredBy.putIfAbsent(worker, 0L);
        return true;
    }

    /**
     * Removes a worker; what it had outstanding is queued again (or recorded as failed when that was its
     * last attempt, with {@code reason}).
     *
     * @return how many architectures it had outstanding
     */
    public int removeWorker(W worker, String reason) {
        if (workers.remove(worker) == null) {
            return 0;
        }
        List<Long> orphaned = new ArrayList<>();
        for (Assignment<W> a : inFlight.values()) {
            if (a.worker().equals(worker)) {
                orphaned.add(a.attempt());
            }
        }
        for (long attempt : orphaned) {
            failed(attempt, reason);
        }
        return orphaned.size();
    }

    public Set<W> workers() {
        return Collections.unmodifiableSet(workers.keySet());
    }

    /** Gives the worker no new work until {@link #resume}. */
    public void pause(W worker) {
        WorkerState state = workers.get(worker);
        if (state != null) {
            state.paused = true;
        }
    }

    public void resume(W worker) {
        WorkerState state = workers.get(worker);
        if (state != null) {
            state.paused = false;
        }
    }

    /**
     * The dispatches to make now: each worker that is not paused is filled up to its in-flight limit,
     * one architecture per worker in turn so that work spreads evenly.
     */
    public List<Assignment<W>> assign() {
        List<Assignment<W>> out = new ArrayList<>();
        boolean assigned = true;
        while (assigned) {
            assigned = false;
            for (Map.Entry<W, WorkerState> entry : workers.entrySet()) {
                WorkerState state = entry.getValue();
                if (state.paused || state.inFlight >= inFlightPerWorker) {
                    continue;
                }
                Architecture arch = nextFor(entry.getKey());
                if (arch != null) {
                    out.add(dispatch(arch, entry.getKey(), state));
                    assigned = true;
                }
            }
        }
        return out;
    }

    /** A retry this worker has not tried (or every present worker has), else a fresh architecture. */
    private Architecture nextFor(W worker) {
        for (Iterator<Architecture> it = retries.iterator(); it.hasNext(); ) {
            Architecture arch = it.next();
            Set<W> tried = triedBy.getOrDefault(arch, Set.of());
            if (!tried.contains(worker) || tried.containsAll(workers.keySet())) {
                it.remove();
                return arch;
            }
        }
        return fresh.pollFirst();
    }

    private Assignment<W> dispatch(Architecture arch, W worker, WorkerState state) {
        Assignment<W> assignment = new Assignment<>(nextAttempt++, arch, worker);
        issued.put(assignment.attempt(), assignment);
        inFlight.put(assignment.attempt(), assignment);
        attempts.merge(arch, 1, Integer::sum);
        triedBy.computeIfAbsent(arch, a -> new HashSet<>()).add(worker);
        state.inFlight++;
        return assignment;
    }

    /** The dispatch made under this attempt id, answered or not. */
    public Optional<Assignment<W>> assignment(long attempt) {
        return Optional.ofNullable(issued.get(attempt));
    }

    /**
     * Records a latency for an attempt. A late answer (its attempt already timed out or its worker left)
     * still counts when its architecture has no row yet.
     *
     * @return the architecture when this is its first success, so its row is to be written; empty when it
     * already has one, or the attempt is unknown
     */
    public Optional<Architecture> succeeded(long attempt) {
        Assignment<W> assignment = issued.get(attempt);
        if (assignment == null) {
            return Optional.empty();
        }
        release(attempt);
        Architecture arch = assignment.architecture();
        if (done.contains(arch) || failed.containsKey(arch)) {
            return Optional.empty();
        }
        done.add(arch);
        retries.remove(arch);
        measuredBy.merge(assignment.worker(), 1L, Long::sum);
        return Optional.of(arch);
    }

    /**
     * Records that an attempt gave no latency: its architecture is queued again, or recorded as failed
     * with {@code reason} when it had its last attempt. An attempt no longer outstanding is ignored.
     */
    public FailureOutcome failed(long attempt, String reason) {
        Assignment<W> assignment = release(attempt);
        if (assignment == null) {
            return FailureOutcome.STALE;
        }
        Architecture arch = assignment.architecture();
        if (done.contains(arch) || failed.containsKey(arch)) {
            return FailureOutcome.STALE;
        }
        if (attempts.getOrDefault(arch, 0) >= maxAttempts) {
            failed.put(arch, reason);
            return new FailureOutcome(false, true);
        }
        retries.addLast(arch);
        return new FailureOutcome(false, false);
    }

    /** The worker's queue was full: the architecture goes back to the head of the queue, and the attempt does not count. */
    public void rejected(long attempt) {
        Assignment<W> assignment = release(attempt);
        if (assignment == null) {
            return;
        }
        Architecture arch = assignment.architecture();
        if (!done.contains(arch) && !failed.containsKey(arch)) {
            attempts.merge(arch, -1, Integer::sum);
            retries.addFirst(arch);
        }
    }

    private Assignment<W> release(long attempt) {
        Assignment<W> assignment = inFlight.remove(attempt);
        if (assignment != null) {
            WorkerState state = workers.get(assignment.worker());
            if (state != null) {
                state.inFlight--;
            }
        }
        return assignment;
    }

    /** Whether every architecture has a row or is recorded as failed. */
    public boolean finished() {
        return fresh.isEmpty() && retries.isEmpty() && inFlight.isEmpty();
    }

    /** Architectures neither measured nor failed yet: waiting or outstanding. */
    public int remaining() {
        return planned - done.size() - failed.size();
    }

    /** Architectures recorded as failed, with the reason of their last attempt, in the order they failed. */
    public Map<Architecture, String> failures() {
        return Collections.unmodifiableMap(failed);
    }

    public Progress<W> progress() {
        return new Progress<>(planned, done.size(), failed.size(), inFlight.size(), fresh.size() + retries.size(),
                workers.size(), Collections.unmodifiableMap(new LinkedHashMap<>(measuredBy)));
    }
}
