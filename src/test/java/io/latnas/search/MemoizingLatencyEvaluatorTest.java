package io.latnas.search;

import io.latnas.common.InvalidInputException;
import io.latnas.latency.SimulatedDevice;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoizingLatencyEvaluatorTest {

    private static final SearchSpace OFA = SearchSpaces.OFA_W10;
    private static final SimulatedDevice NOTE10 = Fixtures.note10(OFA);

    /** Counts what reaches the wrapped evaluator. */
    private static final class Counting implements LatencyEvaluator {
        final List<List<Architecture>> batches = new ArrayList<>();

        @Override
        public double[] latenciesMs(List<Architecture> archs, int batchSize) {
            batches.add(List.copyOf(archs));
            return NOTE10.latenciesMs(archs, batchSize);
        }

        long asked() {
            return batches.stream().mapToLong(List::size).sum();
        }
    }

    private static List<Architecture> distinct(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Architecture> archs = new ArrayList<>();
        while (archs.size() < n) {
            Architecture a = OFA.sample(rng);
            if (!archs.contains(a)) {
                archs.add(a);
            }
        }
        return archs;
    }

    @Test
    void reEvaluatingTheSamePopulationHitsEveryTime() {
        Counting inner = new Counting();
        MemoizingLatencyEvaluator memo = new MemoizingLatencyEvaluator(inner, 1000);
        List<Architecture> population = distinct(50, 1);

        double[] first = memo.latenciesMs(population, 1);
        assertThat(memo.stats()).isEqualTo(new EvaluatorStats(50, 0, 50, 0));
        double[] second = memo.latenciesMs(population, 1);

        assertThat(second).containsExactly(first);
        assertThat(memo.stats().since(new EvaluatorStats(50, 0, 50, 0)).hitRate()).isEqualTo(1.0);
        assertThat(memo.stats()).isEqualTo(new EvaluatorStats(100, 50, 50, 0));
        assertThat(inner.asked()).isEqualTo(50);
    }

    @Test
    void answersAsTheWrappedEvaluatorDoes() {
        MemoizingLatencyEvaluator memo = new MemoizingLatencyEvaluator(new LatencySourceEvaluator(NOTE10), 1000);
        List<Architecture> archs = distinct(20, 2);
        assertThat(memo.latenciesMs(archs, 4)).containsExactly(NOTE10.latenciesMs(archs, 4));
    }

    @Test
    void asksOnceForArchitecturesRepeatedWithinABatch() {
        Counting inner = new Counting();
        MemoizingLatencyEvaluator memo = new MemoizingLatencyEvaluator(inner, 1000);
        List<Architecture> two = distinct(2, 3);
        List<Architecture> batch = List.of(two.get(0), two.get(1), two.get(0), two.get(0));

        double[] latencies = memo.latenciesMs(batch, 1);

        assertThat(inner.batches).containsExactly(two);
        assertThat(latencies[2]).isEqualTo(latencies[0]);
        assertThat(latencies[3]).isEqualTo(latencies[0]);
        assertThat(memo.stats()).isEqualTo(new EvaluatorStats(4, 2, 2, 0));
    }

    @Test
    void keepsBatchSizesApart() {
        Counting inner = new Counting();
        MemoizingLatencyEvaluator memo = new MemoizingLatencyEvaluator(inner, 1000);
        List<Architecture> archs = distinct(3, 4);
        double[] one = memo.latenciesMs(archs, 1);
        double[] eight = memo.latenciesMs(archs, 8);

        assertThat(inner.asked()).isEqualTo(6);
        assertThat(eight[0]).isGreaterThan(one[0]);
    }

    @Test
    void countsEvictionsBeyondItsSize() {
        Counting inner = new Counting();
        MemoizingLatencyEvaluator memo = new MemoizingLatencyEvaluator(inner, 10);
        memo.latenciesMs(distinct(40, 5), 1);

        assertThat(memo.size()).isLessThanOrEqualTo(10);
        assertThat(memo.stats().evictions()).isEqualTo(30);
        assertThat(memo.stats().cacheMisses()).isEqualTo(40);
    }

    @Test
    void wrapHonoursAZeroCacheSize() {
        LatencyEvaluator plain = new LatencySourceEvaluator(NOTE10);
        assertThat(MemoizingLatencyEvaluator.wrap(plain, Fixtures.SMALL)).isInstanceOf(MemoizingLatencyEvaluator.class);
        SearchSettings noMemo = new SearchSettings(20, 15, 0.25, 0.5, 0.1, 0.5, 10, 1, 0, 0);
        assertThat(MemoizingLatencyEvaluator.wrap(plain, noMemo)).isSameAs(plain);
    }

    @Test
    void rejectsANonPositiveSize() {
        assertThatThrownBy(() -> new MemoizingLatencyEvaluator(new LatencySourceEvaluator(NOTE10), 0))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("memo-cache-size must be positive, got 0");
    }

    @Test
    void sourceAdapterCountsWhatItIsAsked() {
        LatencySourceEvaluator evaluator = new LatencySourceEvaluator(NOTE10);
        evaluator.latenciesMs(distinct(7, 6), 1);
        assertThat(evaluator.stats()).isEqualTo(new EvaluatorStats(7, 0, 0, 0));
    }
}
