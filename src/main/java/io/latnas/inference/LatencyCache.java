package io.latnas.inference;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;

/**
 * Latencies already predicted, shared by everything on a node that asks models for them: keyed by model
 * id, architecture and batch size, bounded to {@code maximumSize} entries (Caffeine's size-based
 * eviction). {@link Architecture} is canonical (inactive layer slots held as 0), so two specs of one
 * subnet share an entry.
 *
 * <p>Thread-safe. A size of 0 keeps nothing: every lookup misses, which turns caching off without a
 * second code path.
 */
public final class LatencyCache {

    /** A cache entry's key. */
    public record Key(String modelId, Architecture architecture, int batchSize) {
    }

    /**
     * Counts since the cache was built, as plain numbers (for status replies and metrics).
     *
     * @param hits        lookups answered from the cache
     * @param misses      lookups that found nothing
     * @param size        entries held now (Caffeine's estimate)
     * @param evictions   entries dropped to stay within {@code maximumSize}
     * @param maximumSize the bound; 0 when caching is off
     */
    public record Stats(long hits, long misses, long size, long evictions, long maximumSize) {

        /** Share of lookups answered from the cache, or 0 before the first lookup. */
        public double hitRate() {
            long lookups = hits + misses;
            return lookups == 0 ? 0 : (double) hits / lookups;
        }
    }

    private final long maximumSize;
    private final Cache<Key, Double> cache;

    /**
     * @throws InvalidInputException when {@code maximumSize} is negative
     */
    public LatencyCache(long maximumSize) {
        if (maximumSize < 0) {
            throw new InvalidInputException("cache-size", "cache-size must be 0 (no caching) or more, got "
                    + maximumSize);
        }
        this.maximumSize = maximumSize;
        // Maintenance on the calling thread, so that evictions are counted as soon as they happen.
        this.cache = Caffeine.newBuilder().maximumSize(maximumSize).executor(Runnable::run).recordStats().build();
    }

    /** The cached latency of {@code architecture} on {@code modelId} at {@code batchSize}, or NaN when none is. */
    public double get(String modelId, Architecture architecture, int batchSize) {
        Double ms = cache.getIfPresent(new Key(modelId, architecture, batchSize));
        return ms == null ? Double.NaN : ms;
    }

    /** Remembers a latency the model answered; a NaN is never stored, since it means "not cached". */
    public void put(String modelId, Architecture architecture, int batchSize, double latencyMs) {
        if (maximumSize > 0 && !Double.isNaN(latencyMs)) {
            cache.put(new Key(modelId, architecture, batchSize), latencyMs);
        }
    }

    /** Forgets every answer of one model, e.g. when another model is registered under its id. */
    public void invalidateModel(String modelId) {
        cache.asMap().keySet().removeIf(key -> key.modelId().equals(modelId));
    }

    public long maximumSize() {
        return maximumSize;
    }

    public Stats stats() {
        CacheStats stats = cache.stats();
        return new Stats(stats.hitCount(), stats.missCount(), cache.estimatedSize(), stats.evictionCount(),
                maximumSize);
    }

    @Override
    public String toString() {
        return "LatencyCache[" + maximumSize + " entries]";
    }
}
