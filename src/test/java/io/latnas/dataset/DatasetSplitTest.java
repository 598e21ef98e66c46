package io.latnas.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static io.latnas.dataset.Fixtures.SPACE;
import static io.latnas.dataset.Fixtures.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetSplitTest {

    private static LatencyDataset dataset(int n) {
        List<LatencyRecord> records = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            records.add(record(i, "v100", 1, 1.0 + i, i));
        }
        return LatencyDataset.of(SPACE, records);
    }

    private static List<LatencyRecord> all(DatasetSplit split) {
        return Stream.of(split.train(), split.validation(), split.test())
                .flatMap(d -> d.records().stream()).toList();
    }

    @Test
    void splits70_15_15ByDefault() {
        DatasetSplit split = DatasetSplit.random(dataset(200), 42);

        assertThat(split.train().size()).isEqualTo(140);
        assertThat(split.validation().size()).isEqualTo(30);
        assertThat(split.test().size()).isEqualTo(30);
        assertThat(split.method()).isEqualTo("random 0.70/0.15/0.15 by architecture, seed 42");
    }

    @Test
    void partsAreDisjointAndCoverTheDatasetInItsOrder() {
        LatencyDataset ds = dataset(200);

        DatasetSplit split = DatasetSplit.random(ds, 7);

        assertThat(all(split)).containsExactlyInAnyOrderElementsOf(ds.records());
        assertThat(new HashSet<>(all(split))).hasSize(200);
        for (LatencyDataset part : List.of(split.train(), split.validation(), split.test())) {
            assertThat(part.records()).extracting(r -> r.rowId().getAsInt()).isSorted();
            assertThat(part.spaceId()).isEqualTo(SPACE);
        }
    }

    @Test
    void theSameSeedGivesTheSameSplitAndAnotherSeedAnother() {
        LatencyDataset ds = dataset(200);

        DatasetSplit a = DatasetSplit.random(ds, 42);
        DatasetSplit b = DatasetSplit.random(ds, 42);
        DatasetSplit c = DatasetSplit.random(ds, 43);

        assertThat(b.train()).isEqualTo(a.train());
        assertThat(b.validation()).isEqualTo(a.validation());
        assertThat(b.test()).isEqualTo(a.test());
        assertThat(c.train()).isNotEqualTo(a.train());
    }

    @Test
    void takesConfiguredFractions() {
        DatasetSplit split = DatasetSplit.random(dataset(100), 1, 0.8, 0.0);

        assertThat(split.train().size()).isEqualTo(80);
        assertThat(split.validation().isEmpty()).isTrue();
        assertThat(split.test().size()).isEqualTo(20);
        assertThatThrownBy(() -> DatasetSplit.random(dataset(10), 1, 0.9, 0.2))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("0.9");
        assertThatThrownBy(() -> DatasetSplit.random(dataset(10), 1, 0.0, 0.2))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void keepsAnArchitectureMeasuredOnSeveralTargetsOnOneSide() {
        List<LatencyRecord> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            records.add(record(i, "v100", 1, 1.0 + i));
            records.add(record(i, "v100", 64, 10.0 + i));
        }

        DatasetSplit split = DatasetSplit.random(LatencyDataset.of(SPACE, records), 3);

        Set<Architecture> train = archs(split.train());
        assertThat(train).doesNotContainAnyElementsOf(archs(split.validation()))
                .doesNotContainAnyElementsOf(archs(split.test()));
        assertThat(split.train().size()).isEqualTo(84);
        assertThat(split.train().byTarget()).hasSize(2);
    }

    private static Set<Architecture> archs(LatencyDataset ds) {
        Set<Architecture> set = new HashSet<>();
        ds.records().forEach(r -> set.add(r.architecture()));
        return set;
    }

    @Test
    void splitsByRowIdRanges() {
        DatasetSplit split = DatasetSplit.byIdRanges(dataset(10), new DatasetSplit.IdRange(0, 5),
                new DatasetSplit.IdRange(6, 7), new DatasetSplit.IdRange(8, 9));

        assertThat(split.train().records()).extracting(r -> r.rowId().getAsInt()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(split.validation().records()).extracting(r -> r.rowId().getAsInt()).containsExactly(6, 7);
        assertThat(split.test().records()).extracting(r -> r.rowId().getAsInt()).containsExactly(8, 9);
    }

    @Test
    void refusesAnIdSplitThatDoesNotCoverEveryRecord() {
        assertThatThrownBy(() -> DatasetSplit.byIdRanges(dataset(10), new DatasetSplit.IdRange(0, 5),
                new DatasetSplit.IdRange(7, 9)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("row id 6");
        assertThatThrownBy(() -> DatasetSplit.byIdRanges(dataset(10), new DatasetSplit.IdRange(0, 5),
                new DatasetSplit.IdRange(5, 9)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("overlap");
        LatencyDataset noIds = LatencyDataset.of(SPACE, List.of(record(0, "v100", 1, 1.0)));
        assertThatThrownBy(() -> DatasetSplit.helpOfa(noIds))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no row id");
    }

    @Test
    void splitsHelpOfaIntoItsOwnTrainAndTestRows() {
        LatencyDataset ds = DatasetCsv.read(Fixtures.helpOfaCsv(), SearchSpaces.OFA_W10, "replay:help-ofa")
                .forTarget("v100", 1);

        DatasetSplit split = DatasetSplit.helpOfa(ds);

        assertThat(split.train().size()).isEqualTo(4_000);
        assertThat(split.validation().isEmpty()).isTrue();
        assertThat(split.test().size()).isEqualTo(1_000);
        assertThat(split.test().get(0).rowId()).hasValue(4_000);
    }
}
