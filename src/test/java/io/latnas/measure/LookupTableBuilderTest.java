package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.cost.NetworkCostModel;
import io.latnas.latency.LookupTable;
import io.latnas.latency.LookupTableDevice;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LookupTableBuilderTest {

    private static final SearchSpace FIXED = SearchSpaces.COMPOFA_FIXED;

    /** CompOFA's smallest subnet at r=160, and the same with stage 2 three deep. */
    private static List<Architecture> twoSmallSubnets() {
        Architecture smallest = FIXED.enumerate(160).get(0);
        int[] d = smallest.depths();
        d[2] = 3;
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] e = new int[Architecture.MAX_LAYERS];
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            int stage = layer / Architecture.MAX_DEPTH;
            if (layer % Architecture.MAX_DEPTH < d[stage]) {
                ks[layer] = FIXED.fixedKernel(stage);
                e[layer] = FIXED.coupledExpandRatio(d[stage]);
            }
        }
        return List.of(smallest, FIXED.architecture(ks, e, d, 160));
    }

    @Test
    void planHoldsExactlyTheRequiredKeysEachWithASubnetThatHasIt() {
        for (SearchSpace space : SearchSpaces.all()) {
            NetworkCostModel model = NetworkCostModel.of(space);
            int r = space.resolutions()[0];
            LookupTablePlan plan = LookupTablePlan.of(space, r);
            assertThat(plan.entries()).extracting(LookupTablePlan.Entry::key)
                    .as(space.id()).containsExactlyElementsOf(LookupTable.requiredKeys(space, r));
            assertThat(plan.isComplete()).isTrue();
            for (LookupTablePlan.Entry entry : plan.entries()) {
                assertThat(space.contains(entry.witness())).isTrue();
                assertThat(entry.witness().resolution()).isEqualTo(r);
                assertThat(model.blocks(entry.witness()).get(entry.blockIndex())).isEqualTo(entry.block());
            }
        }
        assertThat(LookupTablePlan.of(SearchSpaces.OFA_W10, 128, 224, 176).requiredKeyCount()).isEqualTo(3 * 96);
    }

    @Test
    void planForSubnetsHoldsEachOfTheirBlocksOnce() {
        List<Architecture> archs = twoSmallSubnets();
        LookupTablePlan plan = LookupTablePlan.forArchitectures(FIXED, archs);
        // 6 shared blocks and 10 MBConvs of the smallest; the deeper stage 2 adds e=4 at its first position
        // and at the later positions, which share one input shape and so one key
        assertThat(plan.entries()).hasSize(16 + 2);
        assertThat(plan.requiredKeyCount()).isEqualTo(36);
        assertThat(plan.isComplete()).isFalse();
        assertThat(plan.entries()).extracting(LookupTablePlan.Entry::key).doesNotHaveDuplicates()
                .isSubsetOf(LookupTable.requiredKeys(FIXED, 160));
    }

    @Test
    void sampleKeepsTheCountAskedForPerResolution() {
        LookupTablePlan plan = LookupTablePlan.of(SearchSpaces.OFA_W10, 128, 160).sample(5, 3);
        assertThat(plan.entries(128)).hasSize(5);
        assertThat(plan.entries(160)).hasSize(5);
        assertThat(plan.requiredKeyCount()).isEqualTo(2 * 96);
        assertThat(LookupTablePlan.of(SearchSpaces.OFA_W10, 128).sample(5, 3).entries())
                .isEqualTo(LookupTablePlan.of(SearchSpaces.OFA_W10, 128).sample(5, 3).entries());
    }

    @Test
    void builtTableLoadsBackAndPredictsTheSumOfTheMeasuredBlocks(@TempDir Path dir) {
        List<Architecture> archs = twoSmallSubnets();
        LookupTablePlan plan = LookupTablePlan.forArchitectures(FIXED, archs);
        LocalMeter meter = LocalMeter.create(FIXED.widthMultiplier(), 1, 0, 2, 3);
        List<Measurement> measured = new ArrayList<>();
        BuildReport report = LookupTableBuilder.build(plan, meter, dir, (done, total, m) -> measured.add(m));

        assertThat(measured).hasSize(plan.entries().size());
        assertThat(report.files()).containsExactly(dir.resolve("160_lookup_table.yaml"));
        assertThat(report.keysMeasured()).isEqualTo(18);
        assertThat(report.keysRequired()).isEqualTo(36);
        assertThat(report.isComplete()).isFalse();
        double sumOfMeans = measured.stream().mapToDouble(Measurement::meanMs).sum();
        assertThat(report.latencySumMs()).isCloseTo(sumOfMeans, within(1e-9));
        assertThat(report.extrapolatedLatencySumMs()).isCloseTo(sumOfMeans * 36 / 18, within(1e-9));
        assertThat(report.measureWall()).isPositive();
        assertThat(report.buildWall()).isGreaterThanOrEqualTo(report.measureWall());
        assertThat(report.summary()).contains("18 of 36 keys");

        Map<String, LookupTable.Entry> written = LookupTable.read(report.files().get(0));
        assertThat(written.keySet()).containsExactlyInAnyOrderElementsOf(
                plan.entries().stream().map(LookupTablePlan.Entry::key).toList());
        assertThat(written.values()).allSatisfy(e -> {
            assertThat(e.count()).isEqualTo(2);
            assertThat(e.mean()).isPositive();
        });

        assertThat(LookupTable.open(dir).resolutions()).containsExactly(160);
        assertThat(dir.resolve(LookupTableBuilder.INFO_FILE)).content()
                .contains("space: compofa-fixed").contains("keysMeasured: 18").contains("timedRuns: 2")
                .contains("cpuModel: ");

        LookupTableDevice device = new LookupTableDevice("local", LookupTable.open(dir), FIXED.widthMultiplier());
        NetworkCostModel model = NetworkCostModel.of(FIXED);
        for (Architecture arch : archs) {
            double expected = model.blocks(arch).stream()
                    .mapToDouble(b -> written.get(LookupTable.key(b)).mean()).sum();
            assertThat(device.latencyMs(arch, 1)).isCloseTo(expected, within(1e-9));
        }

        LookupTableCheck check = LookupTableCheck.run(device, meter, archs, MeasureProgress.NONE);
        assertThat(check.rows()).hasSize(2);
        assertThat(check.rows().get(0).tableMs()).isEqualTo(device.latencyMs(archs.get(0), 1));
        assertThat(check.rows()).allSatisfy(row -> assertThat(row.measured().medianMs()).isPositive());
        assertThat(check.rmsePercent()).isFinite().isGreaterThanOrEqualTo(Math.abs(check.meanSignedErrorPercent()));
        assertThat(check.summary()).contains("over 2 subnets");
    }

    @Test
    void rejectsAMeterOfAnotherWidth(@TempDir Path dir) {
        LocalMeter w10 = LocalMeter.create(1.0, 1, 0, 1, 1);
        assertThatThrownBy(() -> LookupTableBuilder.build(FIXED, new int[] {160}, w10, dir, MeasureProgress.NONE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("the meter builds width 1.0 networks but space compofa-fixed has width 1.2");
        assertThatThrownBy(() -> LookupTablePlan.of(FIXED, 128))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("r=128");
    }

    @Test
    void datasetTimeExtrapolatesFromTheSubnetsMeasured() {
        LocalMeter meter = LocalMeter.create(1.0, 1, 0, 2, 1);
        DatasetTime dataset = DatasetTime.measure(SearchSpaces.OFA_W10, new int[] {128}, meter, 2, 4000, 9,
                MeasureProgress.NONE);
        assertThat(dataset.sampled()).isEqualTo(2);
        assertThat(dataset.latenciesMs()).allMatch(ms -> ms > 0);
        assertThat(dataset.latencySumSeconds()).isCloseTo(4000 * dataset.meanLatencyMs() / 1e3, within(1e-9));
        assertThat(dataset.measureSeconds()).isGreaterThan(dataset.latencySumSeconds());
    }

    @Test
    void timeOverheadComparesTableAndDatasetOnBothFootings() {
        BuildReport table = new BuildReport("ofa-mbv3-w1.0", "local", List.of(128), 10, 100, List.of(), 500, 2500,
                Duration.ofSeconds(4), Duration.ofSeconds(5), null);
        DatasetTime dataset = new DatasetTime("ofa-mbv3-w1.0", 4000, List.of(1.0, 3.0), List.of(10.0, 30.0), null);
        TimeOverhead overhead = new TimeOverhead(table, dataset);
        // table: 500 ms x 10 = 5 s of latencies, 40 s of wall; dataset: 4000 x 2 ms = 8 s, 4000 x 20 ms = 80 s
        assertThat(overhead.latencySumRatio()).isCloseTo(5.0 / 8, within(1e-12));
        assertThat(overhead.measureRatio()).isCloseTo(40.0 / 80, within(1e-12));
        assertThat(overhead.summary()).contains("extrapolated from 10 of 100 keys")
                .contains("dataset of 4000 subnets (extrapolated from 2 measured)")
                .contains("table / dataset: 0.625 by sum of latencies, 0.5 by measurement wall");
    }
}
