package io.latnas.runtime.dataset;

import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.LatencyRecord;
import io.latnas.dataset.LongCsvAppender;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.ScriptedSource;
import io.latnas.runtime.dataset.DatasetBuilder.BuildStarted;
import io.latnas.runtime.dataset.DatasetBuilder.DatasetBuilt;
import io.latnas.runtime.dataset.DatasetBuilder.DatasetProgress;
import io.latnas.runtime.dataset.DatasetBuilder.Event;
import io.latnas.runtime.dataset.DatasetBuilder.Outcome;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.space.Architecture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetBuilderTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long SEED = 5;
    private static ActorTestKit testKit;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("DatasetBuilderTest", RuntimeFixtures.config());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** Measurement actors for one fresh hardware id, each over its own scripted source. */
    private static final class Fleet {
        final String hardwareId = RuntimeFixtures.uniqueHardwareId();
        final List<ScriptedSource> sources = new ArrayList<>();
        final List<ActorRef<MeasurementActor.Command>> actors = new ArrayList<>();

        Fleet(int size) {
            for (int i = 0; i < size; i++) {
                sources.add(new ScriptedSource(hardwareId, RuntimeFixtures.simulated()));
            }
        }

        ServiceKey<MeasurementActor.Command> key() {
            return MeasurementActor.serviceKey(hardwareId, RuntimeFixtures.SPACE);
        }

        /** Spawns the actors not yet running and waits until the Receptionist lists all of them. */
        Fleet started() {
            while (actors.size() < sources.size()) {
                ScriptedSource source = sources.get(actors.size());
                actors.add(testKit.spawn(MeasurementActor.create(RuntimeFixtures.device(hardwareId), 4,
                        device -> source)));
            }
            TestProbe<Receptionist.Listing> listings = testKit.createTestProbe();
            testKit.system().receptionist().tell(Receptionist.subscribe(key(), listings.ref()));
            listings.fishForMessage(WAIT, listing -> listing.getServiceInstances(key()).containsAll(actors)
                    ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
            return this;
        }

        int calls() {
            return sources.stream().mapToInt(ScriptedSource::calls).sum();
        }

        String name(int i) {
            return actors.get(i).path().toString();
        }
    }

    private DatasetJob job(Fleet fleet, int count) {
        return new DatasetJob(RuntimeFixtures.SPACE, fleet.hardwareId, 1, count, SEED, dir.resolve("latency.csv"));
    }

    private static ActorRef<DatasetBuilder.Command> build(DatasetJob job, DatasetBuilderSettings settings,
                                                          TestProbe<Event> events) {
        return testKit.spawn(DatasetBuilder.create(job, settings, events.ref()), DatasetBuilder.props());
    }

    private static DatasetBuilt built(TestProbe<Event> events) {
        List<Event> seen = events.fishForMessage(WAIT, e -> e instanceof DatasetBuilt
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        return (DatasetBuilt) seen.get(seen.size() - 1);
    }

    private static List<LatencyRecord> rows(DatasetJob job) {
        return DatasetCsv.read(job.output(), RuntimeFixtures.SPACE, "test").records().stream()
                .filter(row -> row.target().equals(job.target())).toList();
    }

    private static List<Architecture> architectures(List<LatencyRecord> rows) {
        return rows.stream().map(LatencyRecord::architecture).toList();
    }

    @Test
    void writesEverySampledArchitectureOnceSpreadOverEveryActor() {
        Fleet fleet = new Fleet(3).started();
        DatasetJob job = job(fleet, 24);
        TestProbe<Event> events = testKit.createTestProbe();

        build(job, RuntimeFixtures.builderSettings(), events);

        BuildStarted started = events.expectMessageClass(BuildStarted.class, WAIT);
        assertThat(started.planned()).isEqualTo(24);
        assertThat(started.alreadyPresent()).isZero();
        DatasetBuilt built = built(events);
        assertThat(built.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(built.measured()).isEqualTo(24);
        assertThat(built.failures()).isEmpty();
        List<LatencyRecord> rows = rows(job);
        assertThat(architectures(rows)).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ArchitectureSample.draw(RuntimeFixtures.SPACE, 24, SEED));
        for (LatencyRecord row : rows) {
            assertThat(row.latencyMs()).isEqualTo(RuntimeFixtures.simulated().latencyMs(row.architecture(), 1));
            assertThat(row.source()).isEqualTo("simulated");
        }
        assertThat(built.measuredBy()).containsOnlyKeys(fleet.name(0), fleet.name(1), fleet.name(2));
        assertThat(built.measuredBy().values()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(built.measuredBy().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(24);
    }

    @Test
    void retriesFailedMeasurementsOnOtherActors() {
        Fleet fleet = new Fleet(3);
        fleet.sources.get(0).failing(arch -> true);
        fleet.started();
        DatasetJob job = job(fleet, 12);
        TestProbe<Event> events = testKit.createTestProbe();

        build(job, RuntimeFixtures.builderSettings(), events);

        DatasetBuilt built = built(events);
        assertThat(built.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(built.failures()).isEmpty();
        assertThat(architectures(rows(job))).hasSize(12).doesNotHaveDuplicates();
        assertThat(fleet.sources.get(0).calls()).isPositive();
        assertThat(built.measuredBy().get(fleet.name(0))).isZero();
    }

    @Test
    void recordsAnArchitectureThatFailsEverywhereAsFailedWithoutARow() {
        Architecture broken = ArchitectureSample.draw(RuntimeFixtures.SPACE, 10, SEED).get(3);
        Fleet fleet = new Fleet(3);
        fleet.sources.forEach(source -> source.failing(broken::equals));
        fleet.started();
        DatasetJob job = job(fleet, 10);
        TestProbe<Event> events = testKit.createTestProbe();

        build(job, RuntimeFixtures.builderSettings(), events);

        DatasetBuilt built = built(events);
        assertThat(built.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(built.measured()).isEqualTo(9);
        assertThat(built.failures()).singleElement().satisfies(failure -> {
            assertThat(failure.architecture()).isEqualTo(broken);
            assertThat(failure.reason()).contains("scripted failure");
        });
        assertThat(architectures(rows(job))).hasSize(9).doesNotHaveDuplicates().doesNotContain(broken);
    }

    @Test
    void sendsTheWorkOfAnActorStoppedMidBuildToTheOthers() {
        CountDownLatch gate = new CountDownLatch(1);
        Fleet fleet = new Fleet(3);
        fleet.sources.get(2).heldUntil(gate);
        fleet.started();
        DatasetJob job = job(fleet, 16);
        TestProbe<Event> events = testKit.createTestProbe();
        TestProbe<Event> watcher = testKit.createTestProbe();
        TestProbe<DatasetProgress> progress = testKit.createTestProbe();
        try {
            ActorRef<DatasetBuilder.Command> builder = build(job, RuntimeFixtures.builderSettings(), events);
            events.awaitAssert(WAIT, () -> assertThat(fleet.sources.get(2).calls()).isPositive());

            builder.tell(new DatasetBuilder.GetProgress(progress.ref()));
            DatasetProgress midway = progress.receiveMessage(WAIT);
            assertThat(midway.actors()).isEqualTo(3);
            assertThat(midway.inFlight()).isGreaterThanOrEqualTo(2);
            builder.tell(new DatasetBuilder.Subscribe(watcher.ref()));
            watcher.expectMessageClass(DatasetProgress.class, WAIT);

            testKit.stop(fleet.actors.get(2), WAIT);

            DatasetBuilt built = built(events);
            assertThat(built.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(built.measured()).isEqualTo(16);
            assertThat(built.measuredBy().get(fleet.name(2))).isZero();
            assertThat(architectures(rows(job))).hasSize(16).doesNotHaveDuplicates();
            assertThat(built(watcher)).isEqualTo(built);
        } finally {
            gate.countDown();
        }
    }

    @Test
    void triesATimedOutMeasurementElsewhere() {
        CountDownLatch gate = new CountDownLatch(1);
        Fleet fleet = new Fleet(3);
        fleet.sources.get(2).heldUntil(gate);
        fleet.started();
        DatasetJob job = job(fleet, 10);
        TestProbe<Event> events = testKit.createTestProbe();
        DatasetBuilderSettings quickToGiveUp = new DatasetBuilderSettings(2, 3, Duration.ofMillis(300),
                Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMillis(100));
        try {
            build(job, quickToGiveUp, events);

            DatasetBuilt built = built(events);
            assertThat(built.outcome()).isEqualTo(Outcome.COMPLETED);
            assertThat(built.failures()).isEmpty();
            assertThat(built.measuredBy().get(fleet.name(2))).isZero();
            assertThat(architectures(rows(job))).hasSize(10).doesNotHaveDuplicates();
        } finally {
            gate.countDown();
        }
    }

    @Test
    void usesAnActorThatJoinsAfterTheBuildStarted() {
        CountDownLatch gate = new CountDownLatch(1);
        Fleet fleet = new Fleet(1);
        fleet.sources.get(0).heldUntil(gate);
        fleet.started();
        DatasetJob job = job(fleet, 8);
        TestProbe<Event> events = testKit.createTestProbe();
        try {
            build(job, RuntimeFixtures.builderSettings(), events);
            events.awaitAssert(WAIT, () -> assertThat(fleet.sources.get(0).calls()).isPositive());

            fleet.sources.add(new ScriptedSource(fleet.hardwareId, RuntimeFixtures.simulated()));
            fleet.started();
            // The held actor has its two requests; the newcomer measures the other six.
            events.awaitAssert(WAIT, () -> assertThat(fleet.sources.get(1).calls()).isEqualTo(6));
        } finally {
            gate.countDown();
        }
        DatasetBuilt built = built(events);
        assertThat(built.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(built.measuredBy()).containsEntry(fleet.name(0), 2L).containsEntry(fleet.name(1), 6L);
        assertThat(architectures(rows(job))).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void resumesFromAPartlyWrittenFileWithoutDuplicates() throws IOException {
        Fleet fleet = new Fleet(2).started();
        DatasetJob job = job(fleet, 12);
        List<Architecture> sample = ArchitectureSample.draw(RuntimeFixtures.SPACE, 12, SEED);
        Instant earlier = Instant.parse("2024-05-01T12:00:00Z");
        try (LongCsvAppender appender = LongCsvAppender.open(job.output())) {
            for (Architecture arch : sample.subList(0, 5)) {
                appender.append(new LatencyRecord(arch, fleet.hardwareId, 1, 123.0, "earlier", earlier));
            }
            appender.append(new LatencyRecord(sample.get(5), "other-gpu", 1, 7.0, "earlier", earlier));
        }
        Files.writeString(job.output(), "7-5-3", StandardOpenOption.APPEND);
        TestProbe<Event> events = testKit.createTestProbe();

        build(job, RuntimeFixtures.builderSettings(), events);

        assertThat(events.expectMessageClass(BuildStarted.class, WAIT).alreadyPresent()).isEqualTo(5);
        DatasetBuilt built = built(events);
        assertThat(built.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(built.alreadyPresent()).isEqualTo(5);
        assertThat(built.measured()).isEqualTo(7);
        assertThat(fleet.calls()).isEqualTo(7);
        List<LatencyRecord> rows = rows(job);
        assertThat(architectures(rows)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sample);
        assertThat(rows.stream().filter(r -> r.source().equals("earlier")).map(LatencyRecord::architecture))
                .containsExactlyElementsOf(sample.subList(0, 5));
        assertThat(DatasetCsv.read(job.output(), RuntimeFixtures.SPACE, "test").records())
                .filteredOn(row -> row.hardwareId().equals("other-gpu")).hasSize(1);
    }

    @Test
    void finishesAtOnceWhenTheFileAlreadyHasEveryArchitecture() {
        Fleet fleet = new Fleet(1).started();
        DatasetJob job = job(fleet, 4);
        TestProbe<Event> first = testKit.createTestProbe();
        build(job, RuntimeFixtures.builderSettings(), first);
        assertThat(built(first).measured()).isEqualTo(4);
        TestProbe<Event> again = testKit.createTestProbe();

        build(job, RuntimeFixtures.builderSettings(), again);

        DatasetBuilt built = built(again);
        assertThat(built.outcome()).isEqualTo(Outcome.COMPLETED);
        assertThat(built.alreadyPresent()).isEqualTo(4);
        assertThat(built.measured()).isZero();
        assertThat(fleet.calls()).isEqualTo(4);
        assertThat(rows(job)).hasSize(4);
    }

    @Test
    void endsUnfinishedWhenNoActorServesTheHardware() {
        Fleet nobody = new Fleet(0);
        DatasetJob job = job(nobody, 6);
        TestProbe<Event> events = testKit.createTestProbe();
        DatasetBuilderSettings impatient = new DatasetBuilderSettings(2, 3, Duration.ofSeconds(20),
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(100));

        build(job, impatient, events);

        DatasetBuilt built = built(events);
        assertThat(built.outcome()).isEqualTo(Outcome.NO_MEASUREMENT_ACTORS);
        assertThat(built.unmeasured()).isEqualTo(6);
        assertThat(built.message()).contains(nobody.hardwareId);
        assertThat(rows(job)).isEmpty();
    }

    @Test
    void reportsAnOutputItCannotWriteInsteadOfStarting() {
        Fleet fleet = new Fleet(1).started();
        DatasetJob job = new DatasetJob(RuntimeFixtures.SPACE, fleet.hardwareId, 1, 4, SEED, dir);
        TestProbe<Event> events = testKit.createTestProbe();

        ActorRef<DatasetBuilder.Command> builder = build(job, RuntimeFixtures.builderSettings(), events);

        DatasetBuilt built = events.expectMessageClass(DatasetBuilt.class, WAIT);
        assertThat(built.outcome()).isEqualTo(Outcome.FILE_ERROR);
        assertThat(built.message()).contains(dir.toString());
        events.expectTerminated(builder, WAIT);
        assertThat(fleet.calls()).isZero();
    }
}
