package io.latnas.runtime.measure;

import io.latnas.measure.external.MeasurementFailedException;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.ScriptedSource;
import io.latnas.runtime.measure.MeasurementActor.GetStatus;
import io.latnas.runtime.measure.MeasurementActor.Measure;
import io.latnas.runtime.measure.MeasurementActor.Measured;
import io.latnas.runtime.measure.MeasurementActor.MeasurementFailed;
import io.latnas.runtime.measure.MeasurementActor.MeasurementStatus;
import io.latnas.runtime.measure.MeasurementActor.Rejected;
import io.latnas.runtime.measure.MeasurementActor.Reply;
import io.latnas.runtime.measure.MeasurementActor.State;
import io.latnas.space.Architecture;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class MeasurementActorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("MeasurementActorTest", RuntimeFixtures.config());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static Architecture arch(int n) {
        return RuntimeFixtures.SPACE.sample(new SplittableRandom(500 + n));
    }

    private static ActorRef<MeasurementActor.Command> spawn(ScriptedSource source, int queueSize) {
        return testKit.spawn(MeasurementActor.create(RuntimeFixtures.device(source.hardwareId()), queueSize,
                device -> source));
    }

    private static ScriptedSource source() {
        return new ScriptedSource(RuntimeFixtures.uniqueHardwareId(), RuntimeFixtures.simulated());
    }

    private static MeasurementStatus status(ActorRef<MeasurementActor.Command> actor) {
        TestProbe<MeasurementStatus> probe = testKit.createTestProbe();
        actor.tell(new GetStatus(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    @Test
    void answersWithTheSourcesLatencyAndWhereItWasMeasured() {
        ScriptedSource source = source();
        ActorRef<MeasurementActor.Command> actor = spawn(source, 4);
        TestProbe<Reply> probe = testKit.createTestProbe();

        actor.tell(new Measure(arch(1), 1, probe.ref()));

        Measured measured = probe.expectMessageClass(Measured.class, WAIT);
        assertThat(measured.architecture()).isEqualTo(arch(1));
        assertThat(measured.batchSize()).isEqualTo(1);
        assertThat(measured.latencyMs()).isEqualTo(RuntimeFixtures.simulated().latencyMs(arch(1), 1));
        assertThat(measured.source()).isEqualTo("simulated");
        assertThat(measured.hardwareId()).isEqualTo(source.hardwareId());
        assertThat(measured.node()).isEqualTo(testKit.system().address().toString());
        assertThat(measured.measuredAt()).isNotNull();
    }

    @Test
    void registersWithTheReceptionistUnderItsHardwareAndSpace() {
        ScriptedSource source = source();
        ActorRef<MeasurementActor.Command> actor = spawn(source, 4);
        TestProbe<Receptionist.Listing> listings = testKit.createTestProbe();

        testKit.system().receptionist().tell(Receptionist.subscribe(
                MeasurementActor.serviceKey(source.hardwareId(), RuntimeFixtures.SPACE), listings.ref()));

        listings.fishForMessage(WAIT, listing -> listing.getServiceInstances(
                MeasurementActor.serviceKey(source.hardwareId(), RuntimeFixtures.SPACE)).contains(actor)
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        assertThat(status(actor).state()).isEqualTo(State.READY);
    }

    @Test
    void rejectsNamingItsQueueSizeWhenTheQueueIsFullAndReportsStatusWhileMeasuring() {
        CountDownLatch gate = new CountDownLatch(1);
        ScriptedSource source = source().heldUntil(gate);
        ActorRef<MeasurementActor.Command> actor = spawn(source, 2);
        TestProbe<Reply> probe = testKit.createTestProbe();
        // Requests sent while the source is still opening all queue; wait until it is open.
        probe.awaitAssert(WAIT, () -> {
            assertThat(status(actor).state()).isEqualTo(State.READY);
            return null;
        });
        try {
            // The first is measured (held at the gate), two wait, the fourth finds the queue full.
            for (int n = 1; n <= 4; n++) {
                actor.tell(new Measure(arch(n), 1, probe.ref()));
            }
            Rejected rejected = probe.expectMessageClass(Rejected.class, WAIT);
            assertThat(rejected.architecture()).isEqualTo(arch(4));
            assertThat(rejected.queueSize()).isEqualTo(2);

            probe.awaitAssert(WAIT, () -> {
                MeasurementStatus busy = status(actor);
                assertThat(busy.measuring()).isTrue();
                assertThat(busy.queued()).isEqualTo(2);
                return null;
            });
        } finally {
            gate.countDown();
        }
        for (int n = 1; n <= 3; n++) {
            assertThat(probe.expectMessageClass(Measured.class, WAIT).architecture()).isEqualTo(arch(n));
        }
        MeasurementStatus idle = status(actor);
        assertThat(idle.measuring()).isFalse();
        assertThat(idle.queued()).isZero();
        assertThat(idle.measured()).isEqualTo(3);
        assertThat(idle.rejected()).isEqualTo(1);
        assertThat(idle.failed()).isZero();
    }

    @Test
    void answersAFailureInsteadOfANumberAndGoesOn() {
        ScriptedSource source = source().failing(arch(1)::equals);
        ActorRef<MeasurementActor.Command> actor = spawn(source, 4);
        TestProbe<Reply> probe = testKit.createTestProbe();

        actor.tell(new Measure(arch(1), 1, probe.ref()));
        actor.tell(new Measure(arch(2), 1, probe.ref()));

        MeasurementFailed failed = probe.expectMessageClass(MeasurementFailed.class, WAIT);
        assertThat(failed.architecture()).isEqualTo(arch(1));
        assertThat(failed.reason()).contains("scripted failure");
        assertThat(probe.expectMessageClass(Measured.class, WAIT).architecture()).isEqualTo(arch(2));
        assertThat(status(actor).failed()).isEqualTo(1);
    }

    @Test
    void refusesAnArchitectureOutsideItsSpace() {
        ScriptedSource source = source();
        ActorRef<MeasurementActor.Command> actor = spawn(source, 4);
        TestProbe<Reply> probe = testKit.createTestProbe();
        Architecture tooLarge = arch(1).withResolution(256);

        actor.tell(new Measure(tooLarge, 1, probe.ref()));

        assertThat(probe.expectMessageClass(MeasurementFailed.class, WAIT).reason()).contains("r=256");
        assertThat(source.calls()).isZero();
    }

    @Test
    void stopsAndFailsWhatWaitsWhenTheSourceCannotBeOpened() {
        TestProbe<Reply> probe = testKit.createTestProbe();
        CountDownLatch opening = new CountDownLatch(1);
        ActorRef<MeasurementActor.Command> actor = testKit.spawn(MeasurementActor.create(
                RuntimeFixtures.device(RuntimeFixtures.uniqueHardwareId()), 4, device -> {
                    await(opening);
                    throw new IllegalStateException("no such phone");
                }));

        actor.tell(new Measure(arch(1), 1, probe.ref()));
        assertThat(status(actor).state()).isEqualTo(State.OPENING);
        opening.countDown();

        assertThat(probe.expectMessageClass(MeasurementFailed.class, WAIT).reason()).contains("no such phone");
        probe.expectTerminated(actor, WAIT);
    }

    @Test
    void stopsWhenItsMeterCanNoLongerMeasure() {
        ScriptedSource source = source().failing(arch(1)::equals, new MeasurementFailedException("phone",
                MeasurementFailedException.Kind.METER_UNAVAILABLE, "gave up after 3 restarts"));
        ActorRef<MeasurementActor.Command> actor = spawn(source, 4);
        TestProbe<Reply> probe = testKit.createTestProbe();

        actor.tell(new Measure(arch(1), 1, probe.ref()));

        assertThat(probe.expectMessageClass(MeasurementFailed.class, WAIT).reason()).contains("gave up");
        probe.expectTerminated(actor, WAIT);
    }

    @Test
    void closesItsSourceWhenStopped() throws InterruptedException {
        ScriptedSource source = source();
        ActorRef<MeasurementActor.Command> actor = spawn(source, 4);
        assertThat(status(actor)).isNotNull();

        testKit.stop(actor, WAIT);

        assertThat(source.awaitClosed(10)).isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
