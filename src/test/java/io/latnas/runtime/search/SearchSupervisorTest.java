package io.latnas.runtime.search;

import io.latnas.accuracy.SurrogateAccuracy;
import io.latnas.hardware.HardwareProfile;
import io.latnas.inference.LatencyCache;
import io.latnas.latency.LatencySource;
import io.latnas.latency.LatencySources;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.ScriptedSource;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.predict.CountingModel;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.predict.PredictorPoolSettings;
import io.latnas.runtime.search.SearchSupervisor.SearchEnded;
import io.latnas.runtime.search.SearchSupervisor.SearchEvent;
import io.latnas.runtime.search.SearchSupervisor.SearchInfo;
import io.latnas.search.ConstraintResult;
import io.latnas.search.EvolutionFinder;
import io.latnas.search.LatencySourceEvaluator;
import io.latnas.search.SearchRequest;
import io.latnas.search.SearchResult;
import io.latnas.search.SearchStatus;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SearchSupervisorTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final SearchSpace SPACE = RuntimeFixtures.SPACE;
    private static final int POPULATION = 12;
    private static final int GENERATIONS = 5;
    private static final long SEED = 7;
    private static final String MODEL = "simulated-under-test:rtx2080ti@" + SPACE.id();
    private static final AtomicInteger IDS = new AtomicInteger();
    private static ActorTestKit testKit;
    private static SearchResources resources;
    private static List<Double> constraints;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("SearchSupervisorTest", RuntimeFixtures.config());
        resources = SearchResources.fromConfig(RuntimeFixtures.config());
        constraints = constraints(RuntimeFixtures.simulated(), SPACE);
        serve(new CountingModel(MODEL, RuntimeFixtures.simulated(), SPACE));
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    /** Two constraints a third and two thirds of the way from the smallest subnet's latency to the largest's. */
    private static List<Double> constraints(LatencySource source, SearchSpace space) {
        int[] r = source.resolutions() != null ? source.resolutions() : space.resolutions();
        double lo = source.latencyMs(Architecture.uniform(3, 3, 2, r[0]), 1);
        double hi = source.latencyMs(Architecture.uniform(7, 6, 4, r[r.length - 1]), 1);
        return List.of(lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3);
    }

    /** A predictor pool serving {@code model}, registered once this returns. */
    private static ActorRef<PredictorPool.Command> serve(CountingModel model) {
        ActorRef<PredictorPool.Command> pool = testKit.spawn(PredictorPool.create(new PredictorPoolSettings(2,
                Duration.ZERO, 256, 10_000, "latnas.blocking-dispatcher", List.of()), new LatencyCache(10_000),
                served -> {
                    throw new IllegalStateException("no configured models here");
                }));
        TestProbe<PredictorPool.ModelRegistered> registered = testKit.createTestProbe();
        pool.tell(new PredictorPool.RegisterModel(model, registered.ref()));
        registered.receiveMessage(WAIT);
        return pool;
    }

    private static CountingModel uniqueModel() {
        return new CountingModel("counting-" + IDS.incrementAndGet() + ":rtx2080ti@" + SPACE.id(),
                RuntimeFixtures.simulated(), SPACE);
    }

    /** A measurement actor for a hardware id no other test uses, measuring with the simulated RTX 2080 Ti. */
    private static ScriptedSource measuredBy(String hardwareId, int actors) {
        ScriptedSource source = new ScriptedSource(hardwareId, RuntimeFixtures.simulated());
        for (int i = 0; i < actors; i++) {
            testKit.spawn(MeasurementActor.create(RuntimeFixtures.device(hardwareId), 4, device -> source));
        }
        var key = MeasurementActor.serviceKey(hardwareId, SPACE);
        TestProbe<Receptionist.Listing> listings = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.subscribe(key, listings.ref()));
        listings.fishForMessage(WAIT, l -> l.getServiceInstances(key).size() == actors
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        return source;
    }

    private static SearchSupervisorSettings settings() {
        return SearchSupervisorSettings.DEFAULTS.withFanOut(50, Duration.ofSeconds(10), 3);
    }

    private static ActorRef<SearchSupervisor.Command> supervisor(SearchSupervisorSettings settings) {
        return testKit.spawn(SearchSupervisor.create(settings, resources));
    }

    private static SearchSpec spec(String strategy, String hardwareId, String modelId) {
        return new SearchSpec(SPACE.id(), hardwareId, 1, constraints, strategy, modelId, POPULATION, GENERATIONS, SEED);
    }

    private static SearchSupervisor.StartReply start(ActorRef<SearchSupervisor.Command> supervisor, SearchSpec spec) {
        TestProbe<SearchSupervisor.StartReply> probe = testKit.createTestProbe();
        supervisor.tell(new SearchSupervisor.StartSearch(spec, probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    private static String accepted(ActorRef<SearchSupervisor.Command> supervisor, SearchSpec spec) {
        SearchSupervisor.StartReply reply = start(supervisor, spec);
        assertThat(reply).isInstanceOf(SearchSupervisor.SearchAccepted.class);
        return ((SearchSupervisor.SearchAccepted) reply).searchId();
    }

    private static SearchSupervisor.SearchRejected rejected(ActorRef<SearchSupervisor.Command> supervisor,
                                                            SearchSpec spec) {
        SearchSupervisor.StartReply reply = start(supervisor, spec);
        assertThat(reply).isInstanceOf(SearchSupervisor.SearchRejected.class);
        return (SearchSupervisor.SearchRejected) reply;
    }

    private static TestProbe<SearchEvent> subscribe(ActorRef<SearchSupervisor.Command> supervisor, String id) {
        TestProbe<SearchEvent> events = testKit.createTestProbe();
        supervisor.tell(new SearchSupervisor.SubscribeSearch(id, events.ref()));
        return events;
    }

    /** Every event up to and including {@link SearchEnded}. */
    private static List<SearchEvent> untilEnded(TestProbe<SearchEvent> events) {
        return events.fishForMessage(WAIT, e -> e instanceof SearchEnded
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndCollect());
    }

    private static SearchInfo ended(ActorRef<SearchSupervisor.Command> supervisor, String id) {
        List<SearchEvent> events = untilEnded(subscribe(supervisor, id));
        return ((SearchEnded) events.get(events.size() - 1)).info();
    }

    private static SearchInfo info(ActorRef<SearchSupervisor.Command> supervisor, String id) {
        TestProbe<SearchSupervisor.SearchReply> probe = testKit.createTestProbe();
        supervisor.tell(new SearchSupervisor.GetSearch(id, probe.ref()));
        return (SearchInfo) probe.receiveMessage(WAIT);
    }

    /** The outcome equals running the finder directly, here, on {@code source} with the same seed. */
    private static void assertSameAsDirect(SearchOutcome outcome, LatencySource source, SearchSpace space,
                                           List<Double> constraints) {
        SearchResult direct = new EvolutionFinder(new LatencySourceEvaluator(source), SurrogateAccuracy.forSpace(space),
                resources.search().withBudget(POPULATION, GENERATIONS))
                .search(new SearchRequest(space, constraints, 1, SEED));
        assertThat(outcome.front()).hasSize(constraints.size());
        for (int i = 0; i < constraints.size(); i++) {
            ConstraintResult expected = direct.forConstraint(i);
            ConstraintOutcome actual = outcome.front().get(i);
            assertThat(actual.status()).isEqualTo(expected.status());
            assertThat(actual.architecture()).isEqualTo(expected.architecture());
            assertThat(actual.accuracy()).isEqualTo(expected.accuracy());
            assertThat(actual.latencyMs()).isEqualTo(expected.latencyMs());
            assertThat(actual.generations()).isEqualTo(expected.generations());
            assertThat(actual.latencyEvaluations()).isEqualTo(expected.latencyEvaluations());
        }
        assertThat(outcome.accuracySurrogate()).isTrue();
        assertThat(outcome.accuracyEstimatorId()).isEqualTo(SurrogateAccuracy.ID);
    }

    @Test
    void thePredictorStrategyFindsWhatTheFinderFindsDirectly() {
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());

        String id = accepted(supervisor, spec("predictor", "rtx2080ti", MODEL));
        SearchInfo info = ended(supervisor, id);

        assertThat(info.state()).isEqualTo(SearchState.DONE);
        assertSameAsDirect(info.result(), RuntimeFixtures.simulated(), SPACE, constraints);
        assertThat(info.result().latencySource()).isEqualTo("predictor " + MODEL);
        assertThat(info.finishedConstraints()).isEqualTo(info.result().front());
        assertThat(info.progress().constraintIndex()).isEqualTo(1);
        assertThat(info.progress().generation()).isEqualTo(GENERATIONS);
        assertThat(info.startedAt()).isNotNull();
        assertThat(info.finishedAt()).isAfterOrEqualTo(info.startedAt());
        assertThat(info(supervisor, id)).isEqualTo(info);
    }

    @Test
    void thePredictorWithMemoStrategyFindsTheSameAndAnswersRepeatsFromItsMemo() {
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());

        SearchInfo info = ended(supervisor, accepted(supervisor, spec("predictor+memo", "rtx2080ti", MODEL)));

        assertThat(info.state()).isEqualTo(SearchState.DONE);
        assertSameAsDirect(info.result(), RuntimeFixtures.simulated(), SPACE, constraints);
        assertThat(info.result().cacheHits()).isPositive();
        assertThat(info.result().cacheHitRate()).isBetween(0.0, 1.0);
        assertThat(info.result().front().get(0).cacheHits()).isPositive();
    }

    @Test
    void theSimulatedStrategyFindsWhatTheFinderFindsDirectly() {
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());

        SearchInfo info = ended(supervisor, accepted(supervisor, spec("simulated", "rtx2080ti", null)));

        assertThat(info.state()).isEqualTo(SearchState.DONE);
        assertSameAsDirect(info.result(), RuntimeFixtures.simulated(), SPACE, constraints);
        assertThat(info.result().cacheHits()).isZero();
    }

    @Test
    void theLookupTableStrategyFindsWhatTheFinderFindsDirectly() {
        HardwareProfile note10 = resources.hardware().byId("note10");
        assumeTrue(note10.lookupTable().isPresent() && Files.isDirectory(note10.lookupTable().get().dir()),
                "the Note10 lookup table (../shared/data/note10-lut) is not present");
        SearchSpace space = SearchSpaces.OFA_W12;
        LatencySource table = LatencySources.create("lookup-table", note10, space, resources.simulation());
        List<Double> tableConstraints = constraints(table, space);
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());

        SearchInfo info = ended(supervisor, accepted(supervisor, new SearchSpec(space.id(), "note10", 1,
                tableConstraints, "lookup-table", null, POPULATION, GENERATIONS, SEED)));

        assertThat(info.state()).isEqualTo(SearchState.DONE);
        assertSameAsDirect(info.result(), table, space.restrictedToResolutions(table.resolutions()), tableConstraints);
    }

    @Test
    void theMeasuredStrategyFindsWhatTheFinderFindsDirectlyThroughMeasurementActors() {
        String hardwareId = RuntimeFixtures.uniqueHardwareId();
        ScriptedSource source = measuredBy(hardwareId, 2);
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());

        SearchInfo info = ended(supervisor, accepted(supervisor, spec("measured", hardwareId, null)));

        assertThat(info.state()).isEqualTo(SearchState.DONE);
        assertSameAsDirect(info.result(), RuntimeFixtures.simulated(), SPACE, constraints);
        assertThat(source.calls()).isPositive();
        assertThat(info.result().latencySource()).isEqualTo("measured " + hardwareId + "@" + SPACE.id());
    }

    @Test
    void subscribersHearTheStateThenEveryGenerationEachConstraintAndTheEnd() {
        CountDownLatch gate = new CountDownLatch(1);
        CountingModel model = uniqueModel().heldUntil(gate);
        serve(model);
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());
        List<SearchEvent> events;
        try {
            String id = accepted(supervisor, spec("predictor", "rtx2080ti", model.id()));
            TestProbe<SearchEvent> probe = subscribe(supervisor, id);
            SearchInfo first = probe.expectMessageClass(SearchInfo.class, WAIT);
            assertThat(first.state()).isEqualTo(SearchState.RUNNING);
            gate.countDown();
            events = untilEnded(probe);
        } finally {
            gate.countDown();
        }

        List<SearchSupervisor.GenerationCompleted> generations = events.stream()
                .filter(SearchSupervisor.GenerationCompleted.class::isInstance)
                .map(SearchSupervisor.GenerationCompleted.class::cast).toList();
        assertThat(generations).hasSize(2 * GENERATIONS);
        assertThat(generations).extracting(g -> g.progress().constraintIndex() + ":" + g.progress().generation())
                .containsExactly("0:1", "0:2", "0:3", "0:4", "0:5", "1:1", "1:2", "1:3", "1:4", "1:5");
        assertThat(generations).allSatisfy(g -> {
            assertThat(g.progress().bestArchitecture()).isNotNull();
            assertThat(g.progress().bestLatencyMs()).isLessThanOrEqualTo(g.progress().constraintMs());
        });
        assertThat(events).filteredOn(SearchSupervisor.ConstraintCompleted.class::isInstance).hasSize(2);
        SearchInfo end = ((SearchEnded) events.get(events.size() - 1)).info();
        assertThat(end.state()).isEqualTo(SearchState.DONE);
        assertThat(generations.get(GENERATIONS - 1).progress().bestArchitecture())
                .isEqualTo(end.result().front().get(0).architecture());
    }

    @Test
    void runsAtMostMaxConcurrentSearchesQueuesTheNextAndRejectsWhenTheQueueIsFull() {
        String hardwareId = RuntimeFixtures.uniqueHardwareId();
        CountDownLatch gate = new CountDownLatch(1);
        measuredBy(hardwareId, 1).heldUntil(gate);
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings().withLimits(1, 1));
        try {
            SearchSupervisor.SearchAccepted running = (SearchSupervisor.SearchAccepted) start(supervisor,
                    spec("measured", hardwareId, null));
            SearchSupervisor.SearchAccepted queued = (SearchSupervisor.SearchAccepted) start(supervisor,
                    spec("simulated", "rtx2080ti", null));
            SearchSupervisor.SearchRejected full = rejected(supervisor, spec("simulated", "rtx2080ti", null));

            assertThat(running.state()).isEqualTo(SearchState.RUNNING);
            assertThat(queued.state()).isEqualTo(SearchState.QUEUED);
            assertThat(queued.queuePosition()).isEqualTo(1);
            assertThat(full.code()).isEqualTo(RejectionCode.QUEUE_FULL);
            assertThat(full.retryAfterMs()).isEqualTo(settings().retryAfter().toMillis());
            assertThat(full.reason()).contains("1 searches are running and 1 waiting");
            assertThat(info(supervisor, queued.searchId()).state()).isEqualTo(SearchState.QUEUED);
            TestProbe<SearchEvent> queuedEvents = subscribe(supervisor, queued.searchId());
            assertThat(queuedEvents.expectMessageClass(SearchInfo.class, WAIT).queuePosition()).isEqualTo(1);

            gate.countDown();

            assertThat(ended(supervisor, running.searchId()).state()).isEqualTo(SearchState.DONE);
            List<SearchEvent> events = untilEnded(queuedEvents);
            assertThat(events.get(0)).isInstanceOf(SearchSupervisor.SearchStarted.class);
            assertThat(((SearchEnded) events.get(events.size() - 1)).info().state()).isEqualTo(SearchState.DONE);
            TestProbe<SearchSupervisor.SupervisorStatus> status = testKit.createTestProbe();
            supervisor.tell(new SearchSupervisor.GetSupervisorStatus(status.ref()));
            SearchSupervisor.SupervisorStatus counts = status.receiveMessage(WAIT);
            assertThat(counts.accepted()).isEqualTo(2);
            assertThat(counts.rejected()).isEqualTo(1);
            assertThat(counts.done()).isEqualTo(2);
            assertThat(counts.running()).isZero();
        } finally {
            gate.countDown();
        }
    }

    @Test
    void cancellingARunningSearchReportsTheBestFoundSoFar() {
        CountDownLatch gate = new CountDownLatch(1);
        CountingModel model = uniqueModel().heldAfter(6, gate);
        serve(model);
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());
        // Loose constraints: every candidate fits, so each generation is one model call (or none).
        SearchSpec loose = new SearchSpec(SPACE.id(), "rtx2080ti", 1, List.of(constraints.get(1) * 10), "predictor",
                model.id(), POPULATION, 50, SEED);
        try {
            String id = accepted(supervisor, loose);
            TestProbe<SearchEvent> events = subscribe(supervisor, id);
            events.awaitAssert(WAIT, () -> {
                assertThat(model.calls()).isEqualTo(7);
                return null;
            });
            TestProbe<SearchSupervisor.CancelReply> cancel = testKit.createTestProbe();
            supervisor.tell(new SearchSupervisor.CancelSearch(id, cancel.ref()));

            cancel.expectMessage(WAIT, new SearchSupervisor.CancelRequested(id, SearchState.RUNNING));
            List<SearchEvent> seen = untilEnded(events);
            SearchInfo end = ((SearchEnded) seen.get(seen.size() - 1)).info();
            assertThat(end.state()).isEqualTo(SearchState.CANCELLED);
            ConstraintOutcome interrupted = end.result().front().get(0);
            assertThat(interrupted.status()).isEqualTo(SearchStatus.CANCELLED);
            assertThat(end.progress().generation()).isPositive();
            assertThat(interrupted.generations()).isEqualTo(end.progress().generation());
            assertThat(interrupted.architecture()).isEqualTo(end.progress().bestArchitecture());
            assertThat(interrupted.accuracy()).isEqualTo(end.progress().bestAccuracy());
            assertThat(interrupted.latencyMs()).isEqualTo(end.progress().bestLatencyMs());
            supervisor.tell(new SearchSupervisor.CancelSearch(id, cancel.ref()));
            cancel.expectMessage(WAIT, new SearchSupervisor.SearchAlreadyEnded(id, SearchState.CANCELLED));
        } finally {
            gate.countDown();
        }
    }

    @Test
    void cancellingAMeasuredSearchSendsNoFurtherMeasurements() {
        String hardwareId = RuntimeFixtures.uniqueHardwareId();
        CountDownLatch gate = new CountDownLatch(1);
        ScriptedSource source = measuredBy(hardwareId, 1).heldUntil(gate);
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());
        try {
            String id = accepted(supervisor, spec("measured", hardwareId, null));
            TestProbe<SearchEvent> events = subscribe(supervisor, id);
            events.awaitAssert(WAIT, () -> {
                assertThat(source.calls()).isEqualTo(1);
                return null;
            });
            supervisor.tell(new SearchSupervisor.CancelSearch(id, testKit.<SearchSupervisor.CancelReply>createTestProbe()
                    .ref()));
            List<SearchEvent> seen = untilEnded(events);
            assertThat(((SearchEnded) seen.get(seen.size() - 1)).info().state()).isEqualTo(SearchState.CANCELLED);
        } finally {
            gate.countDown();
        }
        // What was already sent is measured (in-flight-per-actor of them); nothing is sent after the cancellation.
        ActorRef<MeasurementActor.Command> actor = testKit.<MeasurementActor.Command>createTestProbe().ref();
        TestProbe<Receptionist.Listing> listing = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.find(MeasurementActor.serviceKey(hardwareId, SPACE),
                listing.ref()));
        ActorRef<MeasurementActor.Command> measuring = listing.receiveMessage(WAIT)
                .getServiceInstances(MeasurementActor.serviceKey(hardwareId, SPACE)).iterator().next();
        TestProbe<MeasurementActor.MeasurementStatus> status = testKit.createTestProbe();
        status.awaitAssert(WAIT, () -> {
            measuring.tell(new MeasurementActor.GetStatus(status.ref()));
            MeasurementActor.MeasurementStatus now = status.receiveMessage(WAIT);
            assertThat(now.measuring()).isFalse();
            assertThat(now.queued()).isZero();
            return null;
        });
        assertThat(source.calls()).isLessThanOrEqualTo(settings().inFlightPerActor());
        assertThat(actor).isNotNull();
    }

    @Test
    void cancellingAQueuedSearchTakesItOutOfTheQueue() {
        String hardwareId = RuntimeFixtures.uniqueHardwareId();
        CountDownLatch gate = new CountDownLatch(1);
        measuredBy(hardwareId, 1).heldUntil(gate);
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings().withLimits(1, 2));
        try {
            accepted(supervisor, spec("measured", hardwareId, null));
            String queued = accepted(supervisor, spec("simulated", "rtx2080ti", null));
            String behind = accepted(supervisor, spec("simulated", "rtx2080ti", null));
            TestProbe<SearchSupervisor.CancelReply> cancel = testKit.createTestProbe();

            supervisor.tell(new SearchSupervisor.CancelSearch(queued, cancel.ref()));

            cancel.expectMessage(WAIT, new SearchSupervisor.CancelRequested(queued, SearchState.QUEUED));
            SearchInfo cancelled = info(supervisor, queued);
            assertThat(cancelled.state()).isEqualTo(SearchState.CANCELLED);
            assertThat(cancelled.result().front()).allSatisfy(c -> assertThat(c.architecture()).isNull());
            assertThat(info(supervisor, behind).queuePosition()).isEqualTo(1);
        } finally {
            gate.countDown();
        }
    }

    @Test
    void rejectsWhatItCannotRunSayingWhichFieldIsAtFaultAndWhy() {
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());

        SearchSupervisor.SearchRejected strategy = rejected(supervisor, spec("guess", "rtx2080ti", null));
        assertThat(strategy.code()).isEqualTo(RejectionCode.UNKNOWN_STRATEGY);
        assertThat(strategy.field()).isEqualTo("strategy");
        assertThat(strategy.reason()).contains("unknown latency strategy 'guess'", "predictor+memo", "measured");

        SearchSupervisor.SearchRejected space = rejected(supervisor, new SearchSpec("ofa-nope", "rtx2080ti", 1,
                constraints, "simulated", null, POPULATION, GENERATIONS, SEED));
        assertThat(space.code()).isEqualTo(RejectionCode.UNKNOWN_SPACE);
        assertThat(space.reason()).contains("ofa-nope", SPACE.id());

        SearchSupervisor.SearchRejected hardware = rejected(supervisor, spec("simulated", "rtx2080", null));
        assertThat(hardware.code()).isEqualTo(RejectionCode.UNKNOWN_HARDWARE);
        assertThat(hardware.field()).isEqualTo("hardware");
        assertThat(hardware.reason()).contains("unknown hardware id 'rtx2080'", "rtx2080ti");

        SearchSupervisor.SearchRejected model = rejected(supervisor, spec("predictor", "rtx2080ti", "mlp:nope"));
        assertThat(model.code()).isEqualTo(RejectionCode.UNKNOWN_MODEL);
        assertThat(model.field()).isEqualTo("model");
        assertThat(model.reason()).contains("unknown model 'mlp:nope'", "no predictor pool serves it");

        SearchSupervisor.SearchRejected noModel = rejected(supervisor, spec("predictor+memo", "rtx2080ti", null));
        assertThat(noModel.code()).isEqualTo(RejectionCode.INVALID_SPEC);
        assertThat(noModel.field()).isEqualTo("model");

        SearchSupervisor.SearchRejected mismatch = rejected(supervisor, spec("predictor", "note10", MODEL));
        assertThat(mismatch.code()).isEqualTo(RejectionCode.MODEL_MISMATCH);
        assertThat(mismatch.reason()).contains("predicts latencies on rtx2080ti, not on note10");

        SearchSupervisor.SearchRejected noActors = rejected(supervisor, spec("measured", "unmeasured-gpu", null));
        assertThat(noActors.code()).isEqualTo(RejectionCode.NO_MEASUREMENT_ACTORS);
        assertThat(noActors.reason()).contains("no measurement actor serves hardware 'unmeasured-gpu'");

        SearchSupervisor.SearchRejected noTable = rejected(supervisor, spec("lookup-table", "rtx2080ti", null));
        assertThat(noTable.code()).isEqualTo(RejectionCode.NO_LOOKUP_TABLE);
        assertThat(noTable.reason()).contains("rtx2080ti has no lookup table");

        SearchSupervisor.SearchRejected noConstraint = rejected(supervisor, new SearchSpec(SPACE.id(), "rtx2080ti", 1,
                List.of(), "simulated", null, POPULATION, GENERATIONS, SEED));
        assertThat(noConstraint.code()).isEqualTo(RejectionCode.INVALID_SPEC);
        assertThat(noConstraint.field()).isEqualTo("constraints");

        SearchSupervisor.SearchRejected population = rejected(supervisor, new SearchSpec(SPACE.id(), "rtx2080ti", 1,
                constraints, "simulated", null, 1, GENERATIONS, SEED));
        assertThat(population.field()).isEqualTo("population");
        assertThat(population.retryAfterMs()).isZero();
    }

    @Test
    void aSearchWhoseModelFailsEndsFailedSayingWhy() {
        CountingModel model = uniqueModel().failing(arch -> true);
        serve(model);
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());

        SearchInfo info = ended(supervisor, accepted(supervisor, spec("predictor", "rtx2080ti", model.id())));

        assertThat(info.state()).isEqualTo(SearchState.FAILED);
        assertThat(info.failure()).contains("latencies from model " + model.id(), "gave up after 3 attempts",
                "scripted failure");
        assertThat(info.result().front()).allSatisfy(c -> assertThat(c.architecture()).isNull());
    }

    @Test
    void forgetsFinishedSearchesBeyondTheCountAndAfterTheTimeItKeepsThem() {
        ActorRef<SearchSupervisor.Command> byCount = supervisor(settings().withKeepFinished(1, Duration.ofHours(1)));
        String first = accepted(byCount, spec("simulated", "rtx2080ti", null));
        ended(byCount, first);
        String second = accepted(byCount, spec("simulated", "rtx2080ti", null));
        ended(byCount, second);
        TestProbe<SearchSupervisor.SearchReply> replies = testKit.createTestProbe();

        byCount.tell(new SearchSupervisor.GetSearch(first, replies.ref()));
        replies.expectMessage(WAIT, new SearchSupervisor.SearchNotFound(first));
        assertThat(info(byCount, second).state()).isEqualTo(SearchState.DONE);

        ActorRef<SearchSupervisor.Command> byTime = supervisor(settings().withKeepFinished(10, Duration.ofMillis(100)));
        String brief = accepted(byTime, spec("simulated", "rtx2080ti", null));
        ended(byTime, brief);
        replies.awaitAssert(WAIT, () -> {
            byTime.tell(new SearchSupervisor.GetSearch(brief, replies.ref()));
            assertThat(replies.receiveMessage(WAIT)).isEqualTo(new SearchSupervisor.SearchNotFound(brief));
            return null;
        });
        TestProbe<SearchEvent> late = subscribe(byTime, brief);
        late.expectMessage(WAIT, new SearchSupervisor.SearchNotFound(brief));
    }

    @Test
    void registersWithTheReceptionist() {
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings());
        TestProbe<Receptionist.Listing> listings = testKit.createTestProbe();

        testKit.system().receptionist().tell(Receptionist.subscribe(SearchSupervisor.SERVICE_KEY, listings.ref()));

        listings.fishForMessage(WAIT, l -> l.getServiceInstances(SearchSupervisor.SERVICE_KEY).contains(supervisor)
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    }

    @Test
    void concurrentSearchesThroughOnePoolEachFindWhatTheyWouldAlone() {
        ActorRef<SearchSupervisor.Command> supervisor = supervisor(settings().withLimits(4, 4));
        List<String> ids = new ArrayList<>();
        for (String strategy : List.of("predictor", "predictor+memo", "predictor", "predictor+memo")) {
            ids.add(accepted(supervisor, spec(strategy, "rtx2080ti", MODEL)));
        }

        for (String id : ids) {
            SearchInfo info = ended(supervisor, id);
            assertThat(info.state()).isEqualTo(SearchState.DONE);
            assertSameAsDirect(info.result(), RuntimeFixtures.simulated(), SPACE, constraints);
        }
    }
}
