package io.latnas.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.latency.LatencySource;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetCreatorTest {

    private static final Clock CLOCK = Clock.fixed(Fixtures.T0, ZoneOffset.UTC);

    /** A cheap stand-in: latency grows with resolution, depth and batch; no answer above {@code maxResolution}. */
    private record FakeSource(int maxResolution) implements LatencySource {
        @Override
        public String hardwareId() {
            return "fake-gpu";
        }

        @Override
        public String kind() {
            return "simulated";
        }

        @Override
        public double latencyMs(Architecture arch, int batchSize) {
            if (arch.resolution() > maxResolution) {
                throw new InvalidInputException("r", "fake source has no answer for r=" + arch.resolution());
            }
            return arch.resolution() * arch.activeLayers() * batchSize / 1000.0;
        }
    }

    private static DatasetCreator creator(SearchSpace space, int threads) {
        return new DatasetCreator(space, new FakeSource(Integer.MAX_VALUE), threads, CLOCK);
    }

    @Test
    void yieldsDistinctArchitecturesOfTheSpaceWithTheirLatencies() {
        LatencyDataset ds = creator(SearchSpaces.OFA_W10, 1).createDataset(32, 3_000, 42);

        assertThat(ds.size()).isEqualTo(3_000);
        assertThat(ds.spaceId()).isEqualTo("ofa-mbv3-w1.0");
        assertThat(ds.duplicates()).isEmpty();
        assertThat(ds.records()).allSatisfy(r -> {
            assertThat(SearchSpaces.OFA_W10.contains(r.architecture())).isTrue();
            assertThat(r.latencyMs()).isEqualTo(r.architecture().resolution() * r.architecture().activeLayers()
                    * 32 / 1000.0);
            assertThat(r.target()).isEqualTo(new Target("fake-gpu", 32));
            assertThat(r.source()).isEqualTo("simulated");
            assertThat(r.measuredAt()).isEqualTo(Fixtures.T0);
        });
    }

    @Test
    void isDeterministicForASeedWhateverTheThreadCount() {
        LatencyDataset one = creator(SearchSpaces.OFA_W10, 1).createDataset(1, 10_000, 7);
        LatencyDataset again = creator(SearchSpaces.OFA_W10, 1).createDataset(1, 10_000, 7);
        LatencyDataset twoThreads = creator(SearchSpaces.OFA_W10, 2).createDataset(1, 10_000, 7);
        LatencyDataset otherSeed = creator(SearchSpaces.OFA_W10, 1).createDataset(1, 10_000, 8);

        assertThat(again).isEqualTo(one);
        assertThat(twoThreads).isEqualTo(one);
        assertThat(twoThreads.contentHash()).isEqualTo(one.contentHash());
        assertThat(otherSeed.contentHash()).isNotEqualTo(one.contentHash());
    }

    @Test
    void streamsRowsToTheSinkInOrder() {
        List<LatencyRecord> seen = new ArrayList<>();

        CreationReport report = creator(SearchSpaces.OFA_W10, 2).create(1, 5_000, 3, seen::add);

        assertThat(report.complete()).isTrue();
        assertThat(report.created()).isEqualTo(5_000);
        assertThat(report.draws()).isGreaterThanOrEqualTo(5_000);
        assertThat(seen).isEqualTo(creator(SearchSpaces.OFA_W10, 1).createDataset(1, 5_000, 3).records());
    }

    @Test
    void stopsClearlyWhenTheSpaceIsExhausted() {
        // CompOFA fixed-kernel: 3^5 = 243 depth choices at each of 17 resolutions.
        for (int threads : new int[] {1, 2}) {
            List<LatencyRecord> seen = new ArrayList<>();

            CreationReport report = creator(SearchSpaces.COMPOFA_FIXED, threads).create(1, 5_000, 11, seen::add);

            assertThat(report.complete()).isFalse();
            assertThat(report.created()).isEqualTo(243 * 17);
            assertThat(report.message()).contains("4,131 of 5,000", "compofa-fixed", "243 at each of 17 resolutions");
            assertThat(new HashSet<>(seen.stream().map(LatencyRecord::architecture).toList())).hasSize(243 * 17);
        }
    }

    @Test
    void passesOnTheSourcesRefusal() {
        for (int threads : new int[] {1, 2}) {
            DatasetCreator creator = new DatasetCreator(SearchSpaces.OFA_W10, new FakeSource(220), threads, CLOCK);

            assertThatThrownBy(() -> creator.createDataset(1, 1_000, 5))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("fake source has no answer");
        }
    }

    @Test
    void rejectsANonPositiveCountOrBatch() {
        DatasetCreator creator = creator(SearchSpaces.OFA_W10, 1);

        assertThatThrownBy(() -> creator.createDataset(1, 0, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("count 0");
        assertThatThrownBy(() -> creator.createDataset(0, 10, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("batch size 0");
    }

    @Test
    void writesAsItGoesThroughALongFileAppender(@org.junit.jupiter.api.io.TempDir Path dir) {
        Path file = dir.resolve("created.csv");

        try (LongCsvAppender out = LongCsvAppender.open(file)) {
            creator(SearchSpaces.OFA_W10, 2).create(1, 500, 9, out);
        }

        LatencyDataset read = DatasetCsv.read(file, SearchSpaces.OFA_W10, "no-wide-file");
        assertThat(read).isEqualTo(creator(SearchSpaces.OFA_W10, 1).createDataset(1, 500, 9));
    }
}
