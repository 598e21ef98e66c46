package io.latnas.runtime.dataset;

import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The architectures a dataset job measures: distinct draws from one generator seeded with the job's
 * seed, in draw order. They are the architectures {@link io.latnas.dataset.DatasetCreator} draws for the
 * same space, count and seed, so a dataset built by actors matches one built by {@code latnas dataset
 * create}, and a larger count extends a smaller one.
 */
public final class ArchitectureSample {

    /** Draws in a row without a new architecture after which sampling gives up (as DatasetCreator does). */
    private static final long MIN_MISSES_BEFORE_GIVING_UP = 1_000_000;

    private ArchitectureSample() {
    }

    /** Up to {@code count} distinct architectures; fewer only when the space holds fewer. */
    public static List<Architecture> draw(SearchSpace space, int count, long seed) {
        BigInteger size = space.cardinality();
        int target = size.compareTo(BigInteger.valueOf(count)) < 0 ? size.intValue() : count;
        SplittableRandom rng = new SplittableRandom(seed);
        Set<Architecture> drawn = new LinkedHashSet<>(Math.max(16, target * 4 / 3 + 1));
        long maxMisses = Math.max(MIN_MISSES_BEFORE_GIVING_UP, 100L * target);
        long misses = 0;
        while (drawn.size() < target && misses < maxMisses) {
            misses = drawn.add(space.sample(rng)) ? 0 : misses + 1;
        }
        return new ArrayList<>(drawn);
    }
}
