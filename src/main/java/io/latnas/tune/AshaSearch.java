package io.latnas.tune;

import io.latnas.common.InvalidInputException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.Arrays;

/**
 * Asynchronous Successive Halving over a list of configurations, with trials running in parallel.
 *
 * <p>Whenever a worker is free it takes, from the highest rung down, the best trial that is in the
 * top {@code 1/eta} of those that have reported at that rung and has not been promoted yet; if there
 * is none it starts the next configuration at the first rung. Nobody waits for a rung to fill.
 *
 * <p>Asynchronous promotion depends on which trials have reported when a worker asks, so to keep the
 * winner independent of thread timing the scheduler keeps a clock counted in epochs: a job issued at
 * epoch time {@code t} that trains {@code e} epochs reports at {@code t + e}, ties by issue order, and
 * decisions see exactly the reports due by then. Jobs really run in parallel on the pool; the
 * scheduler only waits for the result that is next on that clock. Losses must therefore depend only
 * on the configuration and the epochs, as seeded training does.
 */
public final class AshaSearch {

    private final AshaSchedule schedule;
    private final int parallel;
    private final boolean resumable;

    /**
     * @param resumable whether a trial continues from its last rung (a job then costs only the new
     *                  epochs) or retrains from scratch to each rung's epochs
     */
    public AshaSearch(AshaSchedule schedule, int parallel, boolean resumable) {
        if (parallel < 1) {
            throw new InvalidInputException("--parallel", "parallel trials " + parallel + " must be at least 1");
        }
        this.schedule = schedule;
        this.parallel = parallel;
        this.resumable = resumable;
    }

    /** Runs ASHA over {@code points}. */
    public TuneResult run(List<GridPoint> points, TrialFactory factory) {
        if (points.isEmpty()) {
            throw new InvalidInputException("--grid", "the grid has no configurations");
        }
        List<Integer> rungs = schedule.rungEpochs();
        State state = new State(points.size(), rungs.size());
        Trial[] trials = new Trial[points.size()];
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, TuneThreads.named("asha"));
        try {
            PriorityQueue<Job> running = new PriorityQueue<>(Comparator.comparingLong(Job::reportsAt)
                    .thenComparingLong(Job::seq));
            long clock = 0;
            long seq = 0;
            long epochs = 0;
            int nextNew = 0;
            while (true) {
                while (running.size() < parallel) {
                    int[] next = state.promotion(schedule.eta());
                    if (next == null && nextNew < points.size()) {
                        next = new int[] {nextNew++, 0};
                    }
                    if (next == null) {
                        break;
                    }
                    int t = next[0];
                    int rung = next[1];
                    if (trials[t] == null) {
                        trials[t] = factory.open(points.get(t));
                    }
                    Trial trial = trials[t];
                    int target = rungs.get(rung);
                    int cost = resumable && rung > 0 ? target - rungs.get(rung - 1) : target;
                    epochs += cost;
                    Future<Double> loss = pool.submit(() -> trial.trainTo(target));
                    running.add(new Job(seq++, t, rung, clock + cost, loss));
                }
                Job done = running.poll();
                if (done == null) {
                    break;
                }
                clock = done.reportsAt();
                state.report(done.trial(), done.rung(), lossOf(done));
            }
            List<TrialRecord> records = new ArrayList<>(points.size());
            for (int t = 0; t < points.size(); t++) {
                int rung = state.highestRung[t];
                records.add(new TrialRecord(points.get(t), rung, rung < 0 ? 0 : rungs.get(rung),
                        rung < 0 ? Double.NaN : state.loss[t][rung]));
            }
            return new TuneResult("asha", records, best(records), epochs, Duration.ofNanos(System.nanoTime() - started));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The lowest loss at the highest rung reached, ties to the lower grid index. */
    static TrialRecord best(List<TrialRecord> records) {
        return records.stream()
                .filter(r -> r.rung() >= 0)
                .min(Comparator.comparingInt((TrialRecord r) -> -r.rung())
                        .thenComparingDouble(TrialRecord::loss)
                        .thenComparingInt(r -> r.point().index()))
                .orElseThrow();
    }

    private static double lossOf(Job job) {
        try {
            double loss = job.loss().get();
            return Double.isNaN(loss) ? Double.POSITIVE_INFINITY : loss;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a trial", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("trial failed", cause);
        }
    }

    private record Job(long seq, int trial, int rung, long reportsAt, Future<Double> loss) {
    }

    /** Who has reported where; which trials have left each rung. */
    private static final class State {
        final double[][] loss;
        final int[] highestRung;
        final List<List<Integer>> reported = new ArrayList<>();
        final List<Set<Integer>> promoted = new ArrayList<>();

        State(int trials, int rungs) {
            loss = new double[trials][rungs];
            highestRung = new int[trials];
            Arrays.fill(highestRung, -1);
            for (int r = 0; r < rungs; r++) {
                reported.add(new ArrayList<>());
                promoted.add(new HashSet<>());
            }
        }

        void report(int trial, int rung, double value) {
            loss[trial][rung] = value;
            highestRung[trial] = rung;
            reported.get(rung).add(trial);
        }

        /** {trial, next rung} for the best promotable trial, highest rung first, or {@code null}. */
        int[] promotion(int eta) {
            for (int rung = reported.size() - 2; rung >= 0; rung--) {
                List<Integer> here = new ArrayList<>(reported.get(rung));
                int top = here.size() / eta;
                if (top == 0) {
                    continue;
                }
                final int r = rung;
                here.sort(Comparator.comparingDouble((Integer t) -> loss[t][r]).thenComparingInt(t -> t));
                for (int i = 0; i < top; i++) {
                    int t = here.get(i);
                    if (Double.isFinite(loss[t][rung]) && promoted.get(rung).add(t)) {
                        return new int[] {t, rung + 1};
                    }
                }
            }
            return null;
        }
    }
}
