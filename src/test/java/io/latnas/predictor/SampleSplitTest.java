package io.latnas.predictor;

import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleSplitTest {

    @Test
    void splitsSeventyFifteenFifteenWithoutOverlap() {
        LatencySamples samples = SyntheticLatencies.samples(200, 1);
        SampleSplit split = SampleSplit.random(samples, 42);
        assertThat(split.train().size()).isEqualTo(140);
        assertThat(split.validation().size()).isEqualTo(30);
        assertThat(split.test().size()).isEqualTo(30);
        Set<Object> seen = new HashSet<>();
        for (LatencySamples part : new LatencySamples[] {split.train(), split.validation(), split.test()}) {
            for (int i = 0; i < part.size(); i++) {
                seen.add(part.architecture(i).toString() + part.latencyMs(i));
            }
        }
        assertThat(seen).hasSize(200);
        assertThat(split.method()).startsWith("random 70/15/15 seed=42 of " + samples.datasetHash());
    }

    @Test
    void sameSeedSameSplitAndHash() {
        LatencySamples samples = SyntheticLatencies.samples(100, 1);
        assertThat(SampleSplit.random(samples, 7).datasetHash()).isEqualTo(SampleSplit.random(samples, 7).datasetHash());
        assertThat(SampleSplit.random(samples, 7).datasetHash()).isNotEqualTo(SampleSplit.random(samples, 8).datasetHash());
    }

    @Test
    void samplesHashTheirContentUnlessGivenAHash() {
        LatencySamples a = SyntheticLatencies.samples(50, 1);
        LatencySamples b = SyntheticLatencies.samples(50, 1);
        assertThat(a.datasetHash()).isEqualTo(b.datasetHash()).hasSize(64);
        assertThat(a.head(49).datasetHash()).isNotEqualTo(a.datasetHash());
        assertThat(a.withDatasetHash("abc").datasetHash()).isEqualTo("abc");
    }

    @Test
    void splitsTrainAndValidationAroundAHeldOutTestSet() {
        LatencySamples samples = SyntheticLatencies.samples(100, 1);
        LatencySamples test = SyntheticLatencies.samples(20, 2);
        SampleSplit split = SampleSplit.withHeldOutTest(samples, test, 0.85, 3);
        assertThat(split.train().size()).isEqualTo(85);
        assertThat(split.validation().size()).isEqualTo(15);
        assertThat(split.test()).isSameAs(test);
        assertThat(split.method()).startsWith("random 85/15 train/validation seed=3");
    }

    @Test
    void refusesSplitsThatLeaveAPartEmpty() {
        assertThatThrownBy(() -> SampleSplit.random(SyntheticLatencies.samples(3, 1), 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("too few");
    }
}
