package io.latnas.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

import static io.latnas.dataset.Fixtures.SPACE;
import static io.latnas.dataset.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LatencyDatasetTest {

    private static Architecture fixedArch(int resolution) {
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] e = new int[Architecture.MAX_LAYERS];
        java.util.Arrays.fill(ks, 3);
        java.util.Arrays.fill(e, 4);
        return Architecture.of(ks, e, new int[] {2, 3, 4, 2, 3}, resolution);
    }

    @Test
    void viewsByTargetKeepFirstAppearanceOrder() {
        LatencyDataset ds = LatencyDataset.of(SPACE, List.of(
                record(0, "v100", 1, 5.0), record(0, "v100", 64, 20.0), record(1, "v100", 1, 6.0),
                record(1, "v100", 64, 22.0), record(2, "v100", 1, 7.0)));

        assertThat(ds.targets()).containsExactly(new Target("v100", 1), new Target("v100", 64));
        assertThat(ds.forTarget("v100", 1).records()).extracting(LatencyRecord::latencyMs)
                .containsExactly(5.0, 6.0, 7.0);
        assertThat(ds.forTarget("v100", 64).size()).isEqualTo(2);
        assertThatThrownBy(() -> ds.forTarget("v100", 32))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("v100 batch 32");
    }

    @Test
    void contentHashIsPinnedForAFixedDataset() {
        // A change here means every stored predictor's dataset hash stops matching its data.
        LatencyDataset ds = LatencyDataset.of(SPACE, List.of(
                new LatencyRecord(fixedArch(160), "rtx2080ti", 1, 12.08194, "replay:help-ofa", Fixtures.T0),
                new LatencyRecord(fixedArch(224), "v100", 64, 21.80712, "simulated", Fixtures.T0)));

        assertThat(ds.contentHash()).isEqualTo(PINNED_HASH);
    }

    /** Checked against an independent SHA-256 of the documented serialisation. */
    private static final String PINNED_HASH = "f737e0cab911310ed993653dda1edd10b379c5d8cac0d58d92b28f470117e29f";

    @Test
    void contentHashIgnoresSourceTimeAndRowIdButNotLatencyOrOrder() {
        LatencyRecord a = record(0, "v100", 1, 5.0);
        LatencyRecord b = record(1, "v100", 1, 6.0);
        LatencyDataset ds = LatencyDataset.of(SPACE, List.of(a, b));
        LatencyRecord aElsewhere = new LatencyRecord(a.architecture(), "v100", 1, 5.0, "measured:lab",
                Instant.EPOCH, OptionalInt.of(7));

        assertThat(LatencyDataset.of(SPACE, List.of(aElsewhere, b)).contentHash()).isEqualTo(ds.contentHash());
        assertThat(LatencyDataset.of(SPACE, List.of(record(0, "v100", 1, 5.000001), b)).contentHash())
                .isNotEqualTo(ds.contentHash());
        assertThat(LatencyDataset.of(SPACE, List.of(b, a)).contentHash()).isNotEqualTo(ds.contentHash());
        assertThat(LatencyDataset.of("ofa-mbv3-w1.2", List.of(a, b)).contentHash()).isNotEqualTo(ds.contentHash());
        assertThat(ds.contentHash()).hasSize(64).matches("[0-9a-f]+");
    }

    @Test
    void reportsDuplicatesAndDropsThemKeepingTheFirst() {
        LatencyDataset ds = LatencyDataset.of(SPACE, List.of(
                record(0, "v100", 1, 5.0), record(1, "v100", 1, 6.0), record(0, "v100", 64, 9.0),
                record(0, "v100", 1, 5.5), record(1, "v100", 1, 6.5)));

        assertThat(ds.duplicates()).extracting(DuplicateRecord::firstIndex, DuplicateRecord::index)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 3), org.assertj.core.groups.Tuple.tuple(1, 4));
        LatencyDataset unique = ds.withoutDuplicates();
        assertThat(unique.records()).extracting(LatencyRecord::latencyMs).containsExactly(5.0, 6.0, 9.0);
        assertThat(unique.duplicates()).isEmpty();
    }

    @Test
    void summarisesEachTarget() {
        LatencyDataset ds = LatencyDataset.of(SPACE, List.of(
                new LatencyRecord(fixedArch(128), "v100", 1, 4.0, "simulated", Fixtures.T0),
                new LatencyRecord(fixedArch(224), "v100", 1, 1.0, "simulated", Fixtures.T0),
                new LatencyRecord(fixedArch(160), "v100", 1, 3.0, "simulated", Fixtures.T0),
                new LatencyRecord(fixedArch(160), "v100", 1, 2.0, "simulated", Fixtures.T0),
                new LatencyRecord(fixedArch(160), "v100", 64, 10.0, "simulated", Fixtures.T0)));

        TargetSummary s = ds.summary(new Target("v100", 1));
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.minMs()).isEqualTo(1.0);
        assertThat(s.maxMs()).isEqualTo(4.0);
        assertThat(s.meanMs()).isEqualTo(2.5);
        assertThat(s.medianMs()).isEqualTo(2.5);
        assertThat(s.stdMs()).isCloseTo(Math.sqrt(5.0 / 3.0), within(1e-12));
        assertThat(s.distinctArchitectures()).isEqualTo(3);
        assertThat(s.minResolution()).isEqualTo(128);
        assertThat(s.maxResolution()).isEqualTo(224);
        assertThat(ds.summaries()).containsOnlyKeys(new Target("v100", 1), new Target("v100", 64));
        assertThat(ds.summaries().get(new Target("v100", 64)).stdMs()).isZero();
    }

    @Test
    void rejectsImpossibleLatencies() {
        assertThatThrownBy(() -> record(0, "v100", 1, -1.0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("-1.0");
        assertThatThrownBy(() -> record(0, "v100", 1, Double.NaN)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("NaN");
    }
}
