package io.latnas.runtime.dataset;

import io.latnas.dataset.DatasetCreator;
import io.latnas.dataset.LatencyRecord;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArchitectureSampleTest {

    @Test
    void drawsTheArchitecturesDatasetCreatorDrawsForTheSameSeed() {
        List<Architecture> creators = new DatasetCreator(RuntimeFixtures.SPACE, RuntimeFixtures.simulated())
                .createDataset(1, 50, 11).records().stream().map(LatencyRecord::architecture).toList();

        assertThat(ArchitectureSample.draw(RuntimeFixtures.SPACE, 50, 11)).containsExactlyElementsOf(creators);
    }

    @Test
    void aLargerCountExtendsASmallerOne() {
        List<Architecture> small = ArchitectureSample.draw(RuntimeFixtures.SPACE, 20, 3);
        List<Architecture> large = ArchitectureSample.draw(RuntimeFixtures.SPACE, 60, 3);

        assertThat(large).hasSize(60).doesNotHaveDuplicates().startsWith(small.toArray(Architecture[]::new));
    }

    @Test
    void stopsAtTheSizeOfASmallSpace() {
        int size = SearchSpaces.COMPOFA_FIXED.cardinality().intValueExact();

        assertThat(ArchitectureSample.draw(SearchSpaces.COMPOFA_FIXED, size + 100, 1))
                .hasSize(size).doesNotHaveDuplicates();
    }
}
