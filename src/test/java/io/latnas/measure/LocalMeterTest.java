package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.cost.NetworkCostModel;
import io.latnas.latency.LookupTable;
import io.latnas.space.Architecture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalMeterTest {

    private static final Architecture SMALL = OfaGraphBuilderTest.uniform(3, 3, 2, 96);

    @Test
    void measuresPositiveLatenciesAndSaysHow() {
        LocalMeter meter = LocalMeter.create(1.0, 1, 1, 3, 7);
        Measurement m = meter.measure(SMALL, 1);
        assertThat(m.subject()).isEqualTo(SMALL.toString());
        assertThat(m.runsMs()).hasSize(3).allMatch(ms -> ms > 0 && ms < 60_000);
        assertThat(m.minMs()).isLessThanOrEqualTo(m.q1Ms());
        assertThat(m.q1Ms()).isLessThanOrEqualTo(m.medianMs());
        assertThat(m.medianMs()).isLessThanOrEqualTo(m.q3Ms());
        assertThat(m.q3Ms()).isLessThanOrEqualTo(m.maxMs());
        assertThat(m.buildTime()).isPositive();
        assertThat(m.wallTime()).isGreaterThan(m.buildTime().plus(Duration.ofNanos((long) (m.timedMs() * 1e6))));
        assertThat(m.finishedAt()).isAfterOrEqualTo(m.startedAt());
        assertThat(m.cpuPerWall()).isPositive();
        assertThat(m.cpuMs()).hasSize(3).allMatch(ms -> ms > 0);
        assertThat(m.medianCpuMs()).isPositive();

        MeasurementInfo info = m.info();
        assertThat(info.hardwareId()).isEqualTo("local");
        assertThat(info.cpuModel()).isNotBlank();
        assertThat(info.logicalCores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(info.os()).isNotBlank();
        assertThat(info.jvm()).contains(System.getProperty("java.runtime.version"));
        assertThat(info.nd4jBackend()).endsWith("CpuBackend");
        assertThat(info.blasVendor()).isNotBlank();
        assertThat(info.warmupRuns()).isEqualTo(1);
        assertThat(info.timedRuns()).isEqualTo(3);
        assertThat(info.batchSize()).isEqualTo(1);
        assertThat(info.seed()).isEqualTo(7);

        assertThat(meter.kind()).isEqualTo("measured");
        assertThat(meter.latencyMs(SMALL, 1)).isPositive();
    }

    @Test
    void setsAndRecordsItsThreadCountBeforeEveryMeasurement() {
        Architecture arch = OfaGraphBuilderTest.uniform(3, 3, 2, 64);
        LocalMeter two = LocalMeter.create(1.0, 2, 0, 1, 1);
        LocalMeter one = LocalMeter.create(1.0, 1, 0, 1, 1);
        MeasurementInfo onTwo = two.measureBlock(arch, 0, 1).info();
        MeasurementInfo onOne = one.measureBlock(arch, 0, 1).info();
        assertThat(onTwo.threads()).isEqualTo(2);
        assertThat(onTwo.ompThreads()).isEqualTo(2);
        assertThat(onTwo.blasThreads()).isEqualTo(2);
        assertThat(onOne.threads()).isEqualTo(1);
        assertThat(onOne.ompThreads()).isEqualTo(1);
        assertThat(onOne.blasThreads()).isEqualTo(1);
        // libnd4j's pool keeps its start-up size whatever is asked; it is recorded as it is
        assertThat(onOne.nd4jThreads()).isEqualTo(onTwo.nd4jThreads()).isPositive();
    }

    @Test
    void aRepeatReusesTheBuiltNetworkAndAnotherBatchSizeDoesNot() {
        LocalMeter meter = LocalMeter.create(1.0, 1, 0, 1, 1);
        Architecture arch = OfaGraphBuilderTest.uniform(3, 3, 2, 64);
        assertThat(meter.measure(arch, 1).buildTime()).isPositive();
        assertThat(meter.measure(arch, 1).buildTime()).isZero();
        Measurement batch2 = meter.measure(arch, 2);
        assertThat(batch2.buildTime()).isPositive();
        assertThat(batch2.info().batchSize()).isEqualTo(2);
    }

    @Test
    void measuresABlockAloneUnderItsLookupTableKey() {
        LocalMeter meter = LocalMeter.create(1.0, 1, 1, 2, 1);
        int last = NetworkCostModel.of(1.0).blocks(SMALL).size() - 1;
        Measurement m = meter.measureBlock(SMALL, last, 1);
        assertThat(m.subject()).isEqualTo("Logits-input:1x1x1280-output:1000");
        assertThat(m.subject()).isEqualTo(LookupTable.key(NetworkCostModel.of(1.0).blocks(SMALL).get(last)));
        assertThat(m.medianMs()).isPositive();
    }

    @Test
    void concurrentMeasurementsOfTwoMetersNeverOverlap() throws Exception {
        List<LocalMeter> meters = List.of(LocalMeter.create(1.0, 1, 1, 2, 1), LocalMeter.create(1.0, 1, 1, 2, 2));
        Architecture arch = OfaGraphBuilderTest.uniform(3, 3, 2, 64);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<List<Measurement>>> futures = new ArrayList<>();
            for (LocalMeter meter : meters) {
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Measurement> done = new ArrayList<>();
                    for (int i = 0; i < 3; i++) {
                        done.add(meter.measureBlock(arch, 2 + i, 1));
                    }
                    return done;
                }));
            }
            start.countDown();
            List<Measurement> all = new ArrayList<>();
            for (Future<List<Measurement>> f : futures) {
                all.addAll(f.get());
            }
            Collections.sort(all, Comparator.comparing(Measurement::startedAt));
            assertThat(all).hasSize(6);
            for (int i = 1; i < all.size(); i++) {
                assertThat(all.get(i).startedAt()).as("measurement %d starts after %d ends", i, i - 1)
                        .isAfterOrEqualTo(all.get(i - 1).finishedAt());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void rejectsSettingsAndArgumentsOutOfRange() {
        assertThatThrownBy(() -> LocalMeter.create(1.0, 0, 1, 3, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("threads=0 must be at least 1");
        assertThatThrownBy(() -> LocalMeter.create(1.0, 1, -1, 3, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("warmup=-1 must not be negative");
        assertThatThrownBy(() -> LocalMeter.create(1.0, 1, 1, 0, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("runs=0 must be at least 1");
        LocalMeter meter = LocalMeter.create(1.0, 1, 0, 1, 1);
        assertThatThrownBy(() -> meter.measure(SMALL, 0))
                .isInstanceOf(InvalidInputException.class).hasMessage("batch size 0 must be at least 1");
        assertThatThrownBy(() -> meter.measureBlock(SMALL, 99, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("block 99 is outside 0..15");
    }
}
