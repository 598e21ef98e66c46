package io.latnas.inference;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencyCacheTest {

    private static Architecture arch(int seed) {
        return SearchSpaces.OFA_W10.sample(new SplittableRandom(seed));
    }

    @Test
    void answersWhatWasPutAndCountsHitsAndMisses() {
        LatencyCache cache = new LatencyCache(100);

        assertThat(cache.get("m", arch(1), 1)).isNaN();
        cache.put("m", arch(1), 1, 12.5);

        assertThat(cache.get("m", arch(1), 1)).isEqualTo(12.5);
        LatencyCache.Stats stats = cache.stats();
        assertThat(stats.hits()).isEqualTo(1);
        assertThat(stats.misses()).isEqualTo(1);
        assertThat(stats.size()).isEqualTo(1);
        assertThat(stats.hitRate()).isEqualTo(0.5);
    }

    @Test
    void keysByModelArchitectureAndBatchSize() {
        LatencyCache cache = new LatencyCache(100);
        cache.put("a", arch(1), 1, 1.0);

        assertThat(cache.get("b", arch(1), 1)).isNaN();
        assertThat(cache.get("a", arch(1), 8)).isNaN();
        assertThat(cache.get("a", arch(2), 1)).isNaN();
    }

    @Test
    void specsDifferingOnlyInInactiveSlotsShareAnEntry() {
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] e = new int[Architecture.MAX_LAYERS];
        java.util.Arrays.fill(ks, 3);
        java.util.Arrays.fill(e, 3);
        int[] d = {2, 2, 2, 2, 2};
        Architecture written = Architecture.of(ks, e, d, 224);
        ks[3] = 7; // slot 3 is beyond stage 0's depth of 2
        Architecture other = Architecture.of(ks, e, d, 224);
        LatencyCache cache = new LatencyCache(100);

        cache.put("m", written, 1, 4.0);

        assertThat(cache.get("m", other, 1)).isEqualTo(4.0);
    }

    @Test
    void staysWithinItsSizeAndCountsEvictions() {
        LatencyCache cache = new LatencyCache(10);
        for (int i = 0; i < 200; i++) {
            cache.put("m", arch(i), 1, i);
        }

        assertThat(cache.stats().size()).isLessThanOrEqualTo(10);
        assertThat(cache.stats().evictions()).isGreaterThanOrEqualTo(190);
        assertThat(cache.stats().maximumSize()).isEqualTo(10);
    }

    @Test
    void sizeZeroKeepsNothing() {
        LatencyCache cache = new LatencyCache(0);
        cache.put("m", arch(1), 1, 3.0);

        assertThat(cache.get("m", arch(1), 1)).isNaN();
        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void neverStoresNaN() {
        LatencyCache cache = new LatencyCache(10);
        cache.put("m", arch(1), 1, Double.NaN);

        assertThat(cache.stats().size()).isZero();
    }

    @Test
    void forgetsOneModelsAnswers() {
        LatencyCache cache = new LatencyCache(10);
        cache.put("a", arch(1), 1, 1.0);
        cache.put("b", arch(1), 1, 2.0);

        cache.invalidateModel("a");

        assertThat(cache.get("a", arch(1), 1)).isNaN();
        assertThat(cache.get("b", arch(1), 1)).isEqualTo(2.0);
    }

    @Test
    void rejectsANegativeSize() {
        assertThatThrownBy(() -> new LatencyCache(-1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("cache-size");
    }
}
