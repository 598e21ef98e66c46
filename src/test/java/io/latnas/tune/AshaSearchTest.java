package io.latnas.tune;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** ASHA's bookkeeping with fake trials whose loss is a known function of the configuration and epochs. */
class AshaSearchTest {

    /** Nine configurations; loss falls with epochs towards a floor set by the learning rate's distance from 0.1. */
    private static final HyperParameterGrid GRID = new HyperParameterGrid(List.of(0.1, 0.03, 0.01),
            List.of(1e-3, 1e-4, 1e-5), List.of(0.9));

    private static double loss(GridPoint p, int epochs) {
        return Math.abs(Math.log10(p.learningRate() / 0.1)) + 10.0 * p.weightDecay() + 1.0 / epochs;
    }

    /** Records every call; sleeps a little, differently per configuration, to shuffle completion order. */
    private static final class FakeTrials implements TrialFactory {
        final List<String> calls = new CopyOnWriteArrayList<>();
        final Map<Integer, Integer> opened = new ConcurrentHashMap<>();
        final long[] delays;

        FakeTrials(long[] delays) {
            this.delays = delays;
        }

        @Override
        public Trial open(GridPoint point) {
            opened.merge(point.index(), 1, Integer::sum);
            return epochs -> {
                calls.add(point.index() + "@" + epochs);
                sleep(delays[point.index() % delays.length]);
                return loss(point, epochs);
            };
        }
    }

    @Test
    void sequentialAshaPromotesTheTopThirdOfEachRungAsTrialsReport() {
        FakeTrials fake = new FakeTrials(new long[] {0});
        TuneResult r = new AshaSearch(new AshaSchedule(3, 1, 9), 1, false).run(GRID.points(), fake);

        // One worker: once trials 0,1,2 have reported at rung 0, 1/3 of 3 = 1 is promotable, so the best of them
        // (2: lr 0.1, wd 1e-5) moves to rung 1 before trial 3 starts; nobody waits for the rung to fill. The sixth
        // report makes a second promotion (1), the ninth a third (0), and then rung 1's best (2) climbs to rung 2.
        assertThat(fake.calls).containsExactly("0@1", "1@1", "2@1", "2@3", "3@1", "4@1", "5@1", "1@3", "6@1", "7@1",
                "8@1", "0@3", "2@9");
        assertThat(r.trials()).extracting(TrialRecord::rung).containsExactly(1, 1, 2, 0, 0, 0, 0, 0, 0);
        assertThat(r.best().point().index()).isEqualTo(2);
        assertThat(r.best().epochs()).isEqualTo(9);
        assertThat(r.epochsTrained()).isEqualTo(9 * 1 + 3 * 3 + 9);
    }

    @Test
    void eachTrialIsOpenedOnceAndTrainedToEveryRungItReaches() {
        FakeTrials fake = new FakeTrials(new long[] {0});
        new AshaSearch(new AshaSchedule(3, 1, 9), 1, true).run(GRID.points(), fake);
        assertThat(fake.opened.values()).containsOnly(1);
        assertThat(fake.calls).contains("2@1", "2@3", "2@9");
    }

    @Test
    void resumableTrialsCostOnlyTheNewEpochs() {
        TuneResult retrain = new AshaSearch(new AshaSchedule(3, 1, 9), 1, false).run(GRID.points(),
                new FakeTrials(new long[] {0}));
        TuneResult resume = new AshaSearch(new AshaSchedule(3, 1, 9), 1, true).run(GRID.points(),
                new FakeTrials(new long[] {0}));
        assertThat(resume.epochsTrained()).isEqualTo(9 + 3 * 2 + 6);
        assertThat(resume.epochsTrained()).isLessThan(retrain.epochsTrained());
    }

    @Test
    void parallelTimingDoesNotChangeTheTrialsOrTheWinner() {
        TuneResult calm = new AshaSearch(new AshaSchedule(3, 1, 9), 3, false).run(GRID.points(),
                new FakeTrials(new long[] {0}));
        TuneResult jittery = new AshaSearch(new AshaSchedule(3, 1, 9), 3, false).run(GRID.points(),
                new FakeTrials(new long[] {30, 0, 15, 5, 25, 0, 10}));
        assertThat(jittery.trials()).isEqualTo(calm.trials());
        assertThat(jittery.best()).isEqualTo(calm.best());
    }

    @Test
    void equalLossesGoToTheLowerGridIndex() {
        TrialFactory flat = p -> epochs -> 1.0;
        TuneResult r = new AshaSearch(new AshaSchedule(3, 1, 9), 2, false).run(GRID.points(), flat);
        assertThat(r.best().point().index()).isZero();
        assertThat(r.best().rung()).isEqualTo(2);
    }

    @Test
    void divergedTrialsAreNeverPromoted() {
        TrialFactory diverging = p -> epochs -> p.learningRate() > 0.05 ? Double.NaN : loss(p, epochs);
        // The diverging configurations are the ones that would otherwise win.
        TuneResult r = new AshaSearch(new AshaSchedule(3, 1, 9), 2, false).run(GRID.points(), diverging);
        List<TrialRecord> high = new ArrayList<>(r.trials().subList(0, 3));
        assertThat(high).allSatisfy(t -> {
            assertThat(t.rung()).isZero();
            assertThat(t.loss()).isInfinite();
        });
        assertThat(r.best().point().learningRate()).isEqualTo(0.03);
    }

    @Test
    void fullGridTrainsEveryConfigurationToMaxEpochsAndAgreesOnTheWinnerHere() {
        TuneResult full = new FullGridSearch(9, 2).run(GRID.points(), new FakeTrials(new long[] {0}));
        TuneResult asha = new AshaSearch(new AshaSchedule(3, 1, 9), 2, false).run(GRID.points(),
                new FakeTrials(new long[] {0}));
        assertThat(full.trials()).allSatisfy(t -> assertThat(t.epochs()).isEqualTo(9));
        assertThat(full.epochsTrained()).isEqualTo(81);
        assertThat(asha.best().point()).isEqualTo(full.best().point());
        assertThat(asha.epochsTrained()).isLessThan(full.epochsTrained());
    }

    @Test
    void aSingleConfigurationClimbsNoRungsBeyondTheFirst() {
        TuneResult r = new AshaSearch(new AshaSchedule(3, 1, 9), 2, false).run(
                Collections.singletonList(new GridPoint(0, 0.01, 0, 0.9)), new FakeTrials(new long[] {0}));
        assertThat(r.best().rung()).isZero();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
