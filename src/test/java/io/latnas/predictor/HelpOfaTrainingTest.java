package io.latnas.predictor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Training on real measurements: help-ofa's RTX 2080 Ti latencies at batch 64. Skipped without the shared data. */
class HelpOfaTrainingTest {

    @Test
    void ranksMeasuredGpuLatenciesAfterAFewEpochs() {
        assumeTrue(HelpOfaData.available(), "no help-ofa data at " + HelpOfaData.file());
        LatencySamples train = HelpOfaData.rows("2080ti_64_ms", 0, 599).orElseThrow();
        LatencySamples test = HelpOfaData.rows("2080ti_64_ms", 4000, 4299).orElseThrow();
        assertThat(train.size()).isEqualTo(600);
        assertThat(train.hardwareIdSet()).containsExactly("2080ti");
        assertThat(train.batchSizeSet()).containsExactly(64);

        SampleSplit split = SampleSplit.withHeldOutTest(train, test, 0.85, 42);
        MlpLatencyPredictor p = new MlpLatencyTrainer("paper128", MlpHyperParameters.paper().withEpochs(8)).train(split);

        assertThat(p.evaluation().count()).isEqualTo(300);
        assertThat(p.evaluation().kendallTau()).isGreaterThan(0.5);
        assertThat(p.evaluation().rmsePercent()).isLessThan(25);
    }
}
