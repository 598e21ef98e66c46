package io.latnas.tune;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The baseline ASHA is measured against: every configuration trained to the full epochs, in parallel. */
public final class FullGridSearch {

    private final int maxEpochs;
    private final int parallel;

    public FullGridSearch(int maxEpochs, int parallel) {
        this.maxEpochs = maxEpochs;
        this.parallel = parallel;
    }

    public TuneResult run(List<GridPoint> points, TrialFactory factory) {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(parallel, TuneThreads.named("grid"));
        try {
            List<Future<Double>> losses = new ArrayList<>();
            for (GridPoint p : points) {
                losses.add(pool.submit(() -> factory.open(p).trainTo(maxEpochs)));
            }
            List<TrialRecord> records = new ArrayList<>();
            for (int i = 0; i < points.size(); i++) {
                double loss = losses.get(i).get();
                records.add(new TrialRecord(points.get(i), 0, maxEpochs,
                        Double.isNaN(loss) ? Double.POSITIVE_INFINITY : loss));
            }
            return new TuneResult("full-grid", records, AshaSearch.best(records), (long) maxEpochs * points.size(),
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a trial", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("trial failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
