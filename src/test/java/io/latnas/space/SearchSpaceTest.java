package io.latnas.space;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchSpaceTest {

    static List<SearchSpace> spaces() {
        return SearchSpaces.all();
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    @Test
    void rejectsKernelSizeOutsideSpace() {
        int[] ks = filled(20, 3);
        ks[7] = 4;
        assertThatThrownBy(() -> SearchSpaces.OFA_W10.architecture(ks, filled(20, 3), filled(5, 4), 176))
                .isInstanceOf(InvalidArchitectureException.class)
                .hasMessage("ks[7]=4 is not in {3,5,7} (space ofa-mbv3-w1.0)");
    }

    @Test
    void rejectsExpandRatioDepthAndResolutionOutsideSpace() {
        int[] e = filled(20, 3);
        e[0] = 5;
        assertThatThrownBy(() -> SearchSpaces.OFA_W12.architecture(filled(20, 3), e, filled(5, 4), 176))
                .hasMessage("e[0]=5 is not in {3,4,6} (space ofa-mbv3-w1.2)");
        assertThatThrownBy(() -> SearchSpaces.OFA_W10.architecture(filled(20, 3), filled(20, 3),
                new int[] {4, 1, 4, 4, 4}, 176))
                .hasMessage("d[1]=1 is not in {2,3,4} (space ofa-mbv3-w1.0)");
        assertThatThrownBy(() -> SearchSpaces.OFA_W10.architecture(filled(20, 3), filled(20, 3), filled(5, 4), 130))
                .hasMessage("r=130 is not in {128,132,...,224} (space ofa-mbv3-w1.0)");
    }

    @Test
    void inactiveSlotsAreNotValidated() {
        int[] ks = filled(20, 3);
        ks[3] = 9; // stage 0 at depth 3: slot 3 inactive
        Architecture a = SearchSpaces.OFA_W10.architecture(ks, filled(20, 4), new int[] {3, 4, 4, 4, 4}, 224);
        assertThat(a.kernelSize(3)).isZero();
    }

    @Test
    void compofaCouplesExpandRatioToDepth() {
        SearchSpace space = SearchSpaces.COMPOFA_ELASTIC;
        int[] d = {2, 3, 4, 2, 3};
        int[] e = new int[20];
        for (int l = 0; l < 20; l++) {
            e[l] = space.coupledExpandRatio(d[l / 4]);
        }
        Architecture ok = space.architecture(filled(20, 7), e, d, 160);
        assertThat(ok.expandRatio(4)).isEqualTo(4);
        e[4] = 6;
        assertThatThrownBy(() -> space.architecture(filled(20, 7), e, d, 160))
                .hasMessage("e[4]=6 does not match d[1]=3, which couples to e=4 (space compofa-elastic)");
    }

    @Test
    void compofaFixedPinsStageKernels() {
        SearchSpace space = SearchSpaces.COMPOFA_FIXED;
        int[] d = filled(5, 4);
        int[] e = filled(20, 6);
        int[] ks = {3, 3, 3, 3, 5, 5, 5, 5, 3, 3, 3, 3, 3, 3, 3, 3, 5, 5, 5, 5};
        assertThat(space.contains(space.architecture(ks, e, d, 176))).isTrue();
        ks[4] = 3;
        assertThatThrownBy(() -> space.architecture(ks, e, d, 176))
                .hasMessage("ks[4]=3 is not the fixed kernel size 5 of stage 1 (space compofa-fixed)");
    }

    @Test
    void acceptsThePapersFixedKernelExample() {
        // paper §4.1.2: a Fixed-Kernel CompOFA architecture
        Architecture a = ArchitectureCodec.fromJson("{'ks': [3, 3, 3, 3, 5, 5, 5, 5, 3, 3, 3, 3, 3, 3, 3, 3, 5, 5, 5, 5],"
                .replace('\'', '"') + "\"e\": [6, 6, 6, 6, 4, 4, 4, 4, 4, 4, 4, 4, 6, 6, 6, 6, 6, 6, 6, 6],"
                + "\"d\": [4, 3, 3, 4, 4], \"r\": [176]}", SearchSpaces.COMPOFA_FIXED);
        assertThat(a.depth(1)).isEqualTo(3);
        assertThat(a.kernelSize(7)).isZero();
    }

    @Test
    void compofaFixedEnumeratesExactly243PerResolution() {
        List<Architecture> all = SearchSpaces.COMPOFA_FIXED.enumerate(176);
        assertThat(all).hasSize(243);
        assertThat(new HashSet<>(all)).hasSize(243);
        assertThat(all).allSatisfy(a -> {
            assertThat(SearchSpaces.COMPOFA_FIXED.contains(a)).isTrue();
            assertThat(a.resolution()).isEqualTo(176);
        });
        assertThat(SearchSpaces.COMPOFA_FIXED.cardinality())
                .isEqualTo(BigInteger.valueOf(243L * SearchSpaces.COMPOFA_FIXED.resolutions().length));
    }

    @Test
    void ofaSpaceHasTheTextbookSize() {
        // ((3*3)^2 + (3*3)^3 + (3*3)^4)^5 subnets per resolution, times 25 resolutions
        BigInteger perStage = BigInteger.valueOf(81 + 729 + 6561);
        assertThat(SearchSpaces.OFA_W10.cardinality()).isEqualTo(perStage.pow(5).multiply(BigInteger.valueOf(25)));
        assertThat(SearchSpaces.COMPOFA_ELASTIC.cardinality())
                .isEqualTo(BigInteger.valueOf(9 + 27 + 81).pow(5).multiply(BigInteger.valueOf(17)));
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void samplingMutationAndCrossoverStayInsideTheSpace(SearchSpace space) {
        SplittableRandom rng = new SplittableRandom(7);
        Architecture a = space.sample(rng);
        Architecture b = space.sample(rng);
        for (int i = 0; i < 2_000; i++) {
            Architecture m = space.mutate(a, 0.3, rng);
            Architecture c = space.crossover(a, b, rng);
            space.validate(m);
            space.validate(c);
            a = rng.nextBoolean() ? m : space.sample(rng);
            b = c;
        }
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void sameSeedGivesTheSameArchitectures(SearchSpace space) {
        SplittableRandom r1 = new SplittableRandom(42);
        SplittableRandom r2 = new SplittableRandom(42);
        for (int i = 0; i < 50; i++) {
            Architecture a1 = space.sample(r1);
            Architecture a2 = space.sample(r2);
            assertThat(a1).isEqualTo(a2);
            assertThat(space.mutate(a1, 0.1, r1)).isEqualTo(space.mutate(a2, 0.1, r2));
        }
        assertThat(space.sample(new SplittableRandom(1))).isNotEqualTo(space.sample(new SplittableRandom(2)));
    }

    @Test
    void samplingCoversEveryChoice() {
        SplittableRandom rng = new SplittableRandom(3);
        Set<Integer> ks = new HashSet<>();
        Set<Integer> e = new HashSet<>();
        Set<Integer> d = new HashSet<>();
        Set<Integer> r = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Architecture a = SearchSpaces.OFA_W10.sample(rng);
            ks.add(a.kernelSize(0));
            e.add(a.expandRatio(0));
            d.add(a.depth(4));
            r.add(a.resolution());
        }
        assertThat(ks).containsExactlyInAnyOrder(3, 5, 7);
        assertThat(e).containsExactlyInAnyOrder(3, 4, 6);
        assertThat(d).containsExactlyInAnyOrder(2, 3, 4);
        assertThat(r).hasSize(25);
    }

    @Test
    void mutationWithProbabilityZeroKeepsTheParentAndOneChangesIt() {
        SplittableRandom rng = new SplittableRandom(11);
        Architecture a = SearchSpaces.OFA_W10.sample(rng);
        assertThat(SearchSpaces.OFA_W10.mutate(a, 0.0, rng)).isEqualTo(a);
        int changed = 0;
        for (int i = 0; i < 20; i++) {
            if (!SearchSpaces.OFA_W10.mutate(a, 1.0, rng).equals(a)) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThan(15);
    }

    @Test
    void crossoverTakesEachGeneFromAParent() {
        SplittableRandom rng = new SplittableRandom(5);
        SearchSpace space = SearchSpaces.OFA_W10;
        Architecture a = space.architecture(filled(20, 3), filled(20, 3), filled(5, 4), 128);
        Architecture b = space.architecture(filled(20, 7), filled(20, 6), filled(5, 4), 224);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Architecture c = space.crossover(a, b, rng);
            assertThat(c.resolution()).isIn(128, 224);
            for (int l = 0; l < 20; l++) {
                assertThat(c.kernelSize(l)).isIn(3, 7);
                assertThat(c.expandRatio(l)).isIn(3, 6);
                seen.add(c.kernelSize(l));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder(3, 7);
    }

    @Test
    void deepeningAStageGivesTheNewLayersLegalGenes() {
        SearchSpace space = SearchSpaces.COMPOFA_ELASTIC;
        SplittableRandom rng = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            Architecture m = space.mutate(space.sample(rng), 1.0, rng);
            for (int l = 0; l < 20; l++) {
                if (m.isActive(l)) {
                    assertThat(m.kernelSize(l)).isIn(3, 5, 7);
                    assertThat(m.expandRatio(l)).isEqualTo(space.coupledExpandRatio(m.depth(l / 4)));
                }
            }
        }
    }

    @Test
    void unknownSpaceIdListsTheKnownOnes() {
        assertThatThrownBy(() -> SearchSpaces.byId("ofa"))
                .hasMessage("unknown search space 'ofa'; known: ofa-mbv3-w1.0, ofa-mbv3-w1.2, compofa-fixed, compofa-elastic");
    }
}
