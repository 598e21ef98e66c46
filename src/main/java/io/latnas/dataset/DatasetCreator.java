package io.latnas.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.latency.LatencySource;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Builds a dataset the way the paper does (§4.1.2): sample distinct architectures from a search space
 * at random and ask a latency source for each. Rows stream to a sink in order as they are made, so a
 * caller can show progress and write them as it goes.
 *
 * <p>Sampling is sequential from one seeded generator; with more than one thread, the next chunk is
 * sampled while a chunk's latencies are computed in parallel and its rows go to the sink, on the
 * caller's thread and in sampling order. The same seed, space and source give the same rows whatever the thread count.
 */
public final class DatasetCreator {

    static final int CHUNK = 4096;
    /** Draws in a row without a new architecture after which sampling gives up; far beyond coupon-collector tails. */
    private static final long MIN_MISSES_BEFORE_GIVING_UP = 1_000_000;

    private final SearchSpace space;
    private final LatencySource source;
    private final int threads;
    private final Clock clock;

    /** A single-threaded creator stamping rows with the system clock. */
    public DatasetCreator(SearchSpace space, LatencySource source) {
        this(space, source, 1, Clock.systemUTC());
    }

    /**
     * @param threads threads computing latencies; above 1 the source must allow concurrent calls
     * @param clock   stamps each chunk of rows with its measured-at time
     */
    public DatasetCreator(SearchSpace space, LatencySource source, int threads, Clock clock) {
        this.space = Objects.requireNonNull(space, "space");
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (threads < 1) {
            throw new InvalidInputException("threads", "thread count " + threads + " must be at least 1");
        }
        this.threads = threads;
    }

    /** Creates the rows and collects them; fewer than {@code count} when the space has fewer (see {@link #create}). */
    public LatencyDataset createDataset(int batchSize, int count, long seed) {
        List<LatencyRecord> rows = new ArrayList<>(Math.min(count, 1 << 20));
        create(batchSize, count, seed, rows::add);
        return LatencyDataset.of(space.id(), rows);
    }

    /**
     * Samples {@code count} distinct architectures with a generator seeded by {@code seed}, asks the
     * source for each at {@code batchSize}, and hands each row to {@code sink} in sampling order. When
     * the space holds fewer architectures than asked (CompOFA's fixed-kernel space has 243 per
     * resolution), it stops once all are made and says so in the report.
     */
    public CreationReport create(int batchSize, int count, long seed, Consumer<LatencyRecord> sink) {
        if (batchSize <= 0) {
            throw new InvalidInputException("batch", "batch size " + batchSize + " must be positive");
        }
        if (count <= 0) {
            throw new InvalidInputException("count", "count " + count + " must be positive");
        }
        BigInteger spaceSize = space.cardinality();
        int target = spaceSize.compareTo(BigInteger.valueOf(count)) < 0 ? spaceSize.intValue() : count;
        Sampler sampler = new Sampler(space, seed, target);
        String kind = source.kind();
        String hardwareId = source.hardwareId();
        int created = 0;
        if (threads == 1) {
            Architecture[] chunk = new Architecture[CHUNK];
            double[] ms = new double[CHUNK];
            int n;
            while ((n = sampler.fill(chunk, target - created)) > 0) {
                for (int i = 0; i < n; i++) {
                    ms[i] = source.latencyMs(chunk[i], batchSize);
                }
                emit(chunk, ms, n, hardwareId, batchSize, kind, sink);
                created += n;
            }
        } else {
            created = createInParallel(sampler, target, batchSize, hardwareId, kind, sink);
        }
        return new CreationReport(count, created, sampler.draws, message(count, created, spaceSize, sampler));
    }

    /**
     * While chunk k's latencies are computed and its rows go to the sink, one pool task samples chunk
     * k+1. Only one sampling task exists at a time, so the draws are the single-threaded ones.
     */
    private int createInParallel(Sampler sampler, int target, int batchSize, String hardwareId, String kind,
                                 Consumer<LatencyRecord> sink) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        try {
            Architecture[] current = new Architecture[CHUNK];
            Architecture[] next = new Architecture[CHUNK];
            double[] ms = new double[CHUNK];
            int created = 0;
            int n = sampler.fill(current, target);
            while (n > 0) {
                Architecture[] ahead = next;
                int wanted = target - created - n;
                Future<Integer> sampled = pool.submit(() -> sampler.fill(ahead, wanted));
                await(submitLatencies(pool, current, ms, n, batchSize));
                emit(current, ms, n, hardwareId, batchSize, kind, sink);
                created += n;
                n = await(sampled);
                next = current;
                current = ahead;
            }
            return created;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Future<?>> submitLatencies(ExecutorService pool, Architecture[] archs, double[] ms, int n,
                                            int batchSize) {
        List<Future<?>> parts = new ArrayList<>(threads);
        int slice = (n + threads - 1) / threads;
        for (int from = 0; from < n; from += slice) {
            int start = from;
            int end = Math.min(n, from + slice);
            parts.add(pool.submit(() -> {
                for (int i = start; i < end; i++) {
                    ms[i] = source.latencyMs(archs[i], batchSize);
                }
            }));
        }
        return parts;
    }

    private static void await(List<Future<?>> parts) {
        for (Future<?> part : parts) {
            await(part);
        }
    }

    private static <T> T await(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating a dataset", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("dataset creation failed", e.getCause());
        }
    }

    private void emit(Architecture[] archs, double[] ms, int n, String hardwareId, int batchSize, String kind,
                      Consumer<LatencyRecord> sink) {
        Instant now = clock.instant();
        for (int i = 0; i < n; i++) {
            sink.accept(new LatencyRecord(archs[i], hardwareId, batchSize, ms[i], kind, now, OptionalInt.empty()));
            archs[i] = null;
        }
    }

    private String message(int count, int created, BigInteger spaceSize, Sampler sampler) {
        if (created == count) {
            return String.format(Locale.ROOT, "created %,d distinct architectures of space %s (%,d draws)",
                    created, space.id(), sampler.draws);
        }
        if (sampler.gaveUp) {
            return String.format(Locale.ROOT, "stopped at %,d of %,d architectures: %,d draws in a row from space %s"
                    + " found nothing new", created, count, sampler.misses, space.id());
        }
        int resolutions = space.resolutions().length;
        return String.format(Locale.ROOT, "stopped at %,d of %,d architectures: space %s has only %,d distinct"
                        + " architectures (%s at each of %d resolutions)", created, count, space.id(), spaceSize,
                spaceSize.divide(BigInteger.valueOf(resolutions)), resolutions);
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger number = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, "dataset-creator-" + number.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Draws distinct architectures from one seeded generator. */
    private static final class Sampler {
        private final SearchSpace space;
        private final SplittableRandom rng;
        private final Set<Architecture> seen;
        private final long maxMisses;
        long draws;
        long misses;
        boolean gaveUp;

        Sampler(SearchSpace space, long seed, int target) {
            this.space = space;
            this.rng = new SplittableRandom(seed);
            this.seen = new HashSet<>(Math.max(16, (int) Math.min(Integer.MAX_VALUE / 2, target * 4L / 3 + 1)));
            this.maxMisses = Math.max(MIN_MISSES_BEFORE_GIVING_UP, 100L * target);
        }

        /** Fills {@code out} with up to {@code wanted} new architectures; returns how many. */
        int fill(Architecture[] out, int wanted) {
            int n = 0;
            int limit = Math.min(out.length, wanted);
            while (n < limit && !gaveUp) {
                Architecture arch = space.sample(rng);
                draws++;
                if (seen.add(arch)) {
                    out[n++] = arch;
                    misses = 0;
                } else if (++misses >= maxMisses) {
                    gaveUp = true;
                }
            }
            return n;
        }
    }
}
