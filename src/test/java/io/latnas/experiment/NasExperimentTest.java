package io.latnas.experiment;

import io.latnas.common.InvalidInputException;
import io.latnas.config.LatnasSettings;
import io.latnas.hardware.HardwareProfile;
import io.latnas.search.SearchSettings;
import io.latnas.search.SearchStatus;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class NasExperimentTest {

    private static final LatnasSettings SETTINGS = LatnasSettings.load();

    private static NasExperiment tiny(long seed) {
        NasExperimentSettings settings = NasExperimentSettings.fromConfig(SETTINGS.config())
                .with(8, 3, 120, 2, seed).withEstimateCalls(10);
        return new NasExperiment(settings, SearchSettings.fromConfig(SETTINGS.config()), SETTINGS.simulation());
    }

    private static NasExperiment.Request onGpu(List<Double> constraints) {
        HardwareProfile gpu = SETTINGS.hardware().byId("rtx2080ti");
        return new NasExperiment.Request(gpu, List.of(SearchSpaces.COMPOFA_FIXED), null, constraints, null, null);
    }

    @Test
    void everyRequestedCellIsThereAndWinnersFitOrAreInfeasible() {
        List<String> progress = new ArrayList<>();
        NasReport report = tiny(7).run(onGpu(List.of(1000.0, 0.001)), progress::add);

        assertThat(report.strategies()).containsExactly(NasStrategy.MEASURED, NasStrategy.PREDICTOR,
                NasStrategy.PREDICTOR_MEMO);
        assertThat(report.cells()).hasSize(6);
        for (NasStrategy strategy : report.strategies()) {
            NasCell roomy = report.cell("compofa-fixed", strategy, 1000.0).orElseThrow();
            assertThat(roomy.status()).isEqualTo(SearchStatus.FOUND);
            assertThat(roomy.withinConstraint()).isTrue();
            assertThat(roomy.referenceMs()).isPositive();
            assertThat(roomy.surrogateTop1()).isBetween(60.0, 90.0);
            assertThat(roomy.latencyEvaluations()).isPositive();
            assertThat(report.cell("compofa-fixed", strategy, 0.001).orElseThrow().status())
                    .isEqualTo(SearchStatus.INFEASIBLE);
        }
        assertThat(report.cell("compofa-fixed", NasStrategy.PREDICTOR_MEMO, 1000.0).orElseThrow().cacheHitRate())
                .isPositive();
        assertThat(report.timings()).hasSize(3).allSatisfy(t -> assertThat(t.meanMicros()).isPositive());
        assertThat(report.predictors()).singleElement()
                .satisfies(p -> assertThat(p.origin()).contains("120 subnets from simulated:rtx2080ti"));
        assertThat(progress).hasSize(1 + 6);
        assertThat(report.markdown()).contains("SURROGATE").contains("| compofa-fixed | predictor+memo | 1000.0 | FOUND");
        assertThat(report.csv().lines()).hasSize(7);
    }

    @Test
    void theSameSeedGivesTheSameWinners() {
        NasReport first = tiny(3).run(onGpu(List.of(1000.0)), line -> { });
        NasReport second = tiny(3).run(onGpu(List.of(1000.0)), line -> { });
        assertThat(second.cells()).extracting(NasCell::architecture)
                .containsExactlyElementsOf(first.cells().stream().map(NasCell::architecture).toList());
        assertThat(second.cells()).extracting(NasCell::predictedMs)
                .containsExactlyElementsOf(first.cells().stream().map(NasCell::predictedMs).toList());
    }

    @Test
    void rejectsStrategiesTheHardwareLacks() {
        HardwareProfile gpu = SETTINGS.hardware().byId("rtx2080ti");
        NasExperiment.Request lut = new NasExperiment.Request(gpu, null, List.of(NasStrategy.LOOKUP_TABLE), null, null, null);
        assertThatThrownBy(() -> tiny(0).strategies(lut)).isInstanceOf(InvalidInputException.class)
                .hasMessage("hardware rtx2080ti has no lookup table; strategies for rtx2080ti: measured, predictor, "
                        + "predictor+memo");
        HardwareProfile note10 = SETTINGS.hardware().byId("note10");
        NasExperiment.Request measured = new NasExperiment.Request(note10, null, List.of(NasStrategy.MEASURED), null, null,
                null);
        assertThatThrownBy(() -> tiny(0).strategies(measured)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("strategies for note10: lookup-table, predictor, predictor+memo");
        assertThatThrownBy(() -> NasStrategy.byId("memo")).hasMessageContaining("unknown latency strategy 'memo'");
    }

    @Test
    void note10SearchesItsLookupTableOnTheCompOfaSpaces() {
        HardwareProfile note10 = SETTINGS.hardware().byId("note10");
        assumeTrue(note10.lookupTable().isPresent() && Files.isDirectory(note10.lookupTable().get().dir()),
                "no Note10 lookup table at " + note10.lookupTable());
        NasExperiment.Request request = new NasExperiment.Request(note10, null,
                List.of(NasStrategy.LOOKUP_TABLE, NasStrategy.PREDICTOR_MEMO), List.of(25.0), null, null);
        NasReport report = tiny(1).run(request, line -> { });
        assertThat(report.spaceIds()).containsExactly("compofa-fixed", "compofa-elastic");
        NasCell table = report.cell("compofa-fixed", NasStrategy.LOOKUP_TABLE, 25.0).orElseThrow();
        assertThat(table.status()).isEqualTo(SearchStatus.FOUND);
        assertThat(table.referenceMs()).isEqualTo(table.predictedMs());
        assertThat(report.predictors()).allSatisfy(p -> assertThat(p.origin()).contains("lookup-table:note10"));
    }
}
