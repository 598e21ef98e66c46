package io.latnas.runtime.serialization;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.ScriptedSource;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.predict.CountingModel;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.predict.PredictorPoolSettings;
import io.latnas.inference.LatencyCache;
import io.latnas.runtime.search.ConstraintOutcome;
import io.latnas.runtime.search.RejectionCode;
import io.latnas.runtime.search.SearchOutcome;
import io.latnas.runtime.search.SearchProgressInfo;
import io.latnas.runtime.search.SearchResources;
import io.latnas.runtime.search.SearchSpec;
import io.latnas.runtime.search.SearchState;
import io.latnas.runtime.search.SearchSupervisor;
import io.latnas.runtime.search.SearchSupervisorSettings;
import io.latnas.search.SearchStatus;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CborSerializationTest {

    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("CborSerializationTest", RuntimeFixtures.config());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static Architecture arch(int n) {
        return RuntimeFixtures.SPACE.sample(new SplittableRandom(n));
    }

    /** One instance of every message that may cross nodes. */
    private static List<Object> clusterMessages() {
        ActorRef<MeasurementActor.Reply> replies = testKit.<MeasurementActor.Reply>createTestProbe().ref();
        ActorRef<MeasurementActor.MeasurementStatus> statuses =
                testKit.<MeasurementActor.MeasurementStatus>createTestProbe().ref();
        ActorRef<DatasetBuilder.DatasetProgress> progress =
                testKit.<DatasetBuilder.DatasetProgress>createTestProbe().ref();
        ActorRef<DatasetBuilder.Event> events = testKit.<DatasetBuilder.Event>createTestProbe().ref();
        ActorRef<DatasetBuilder.Command> builder = testKit.<DatasetBuilder.Command>createTestProbe().ref();
        Instant at = Instant.parse("2024-05-01T12:00:00.123456Z");
        SearchSpec spec = new SearchSpec("ofa-mbv3-w1.0", "rtx2080ti", 1, List.of(10.0, 12.5), "predictor+memo",
                "simulated:rtx2080ti@ofa-mbv3-w1.0", 100, 500, 3);
        ActorRef<SearchSupervisor.SearchReply> searchReplies = testKit.<SearchSupervisor.SearchReply>createTestProbe()
                .ref();
        SearchProgressInfo generation = new SearchProgressInfo(1, 2, 12.5, 40, 500, 78.25, 12.0, arch(10), 4321, 1234);
        ConstraintOutcome found = new ConstraintOutcome(10.0, SearchStatus.FOUND, arch(11), 77.5, true, 9.75, 500,
                50_000, 30_000, 1500);
        ConstraintOutcome nothing = new ConstraintOutcome(12.5, SearchStatus.CANCELLED, null, Double.NaN, true,
                Double.NaN, 0, 0, 0, 0);
        SearchSupervisor.SearchInfo running = new SearchSupervisor.SearchInfo("s-1", spec, SearchState.RUNNING, 0,
                generation, List.of(found), null, null, at, at.plusSeconds(1), null);
        SearchSupervisor.SearchInfo finished = new SearchSupervisor.SearchInfo("s-1", spec, SearchState.CANCELLED, 0,
                generation, List.of(found, nothing), new SearchOutcome(List.of(found, nothing), "surrogate-ofa-mbv3-top1",
                true, "predictor+memo simulated:rtx2080ti@ofa-mbv3-w1.0", 54_321, 31_000, 2500), null, at,
                at.plusSeconds(1), at.plusSeconds(3));
        Map<String, Long> measuredBy = new LinkedHashMap<>();
        measuredBy.put("pekko://latnas@10.0.0.1:25520/user/measure-1-rtx2080ti-simulated", 7L);
        measuredBy.put("pekko://latnas@10.0.0.2:25520/user/measure-1-rtx2080ti-simulated", 0L);
        return List.of(
                new MeasurementActor.Measure(arch(1), 64, replies),
                new MeasurementActor.GetStatus(statuses),
                new MeasurementActor.Measured(arch(2), 1, 12.345678901234, "simulated", "rtx2080ti",
                        "pekko://latnas@10.0.0.1:25520", at),
                new MeasurementActor.MeasurementFailed(arch(3), 1, "note10", "pekko://latnas",
                        "meter 'phone': both attempts failed"),
                new MeasurementActor.Rejected(arch(4), 1, "note10", "pekko://latnas", 16),
                new MeasurementActor.MeasurementStatus("rtx2080ti", "ofa-mbv3-w1.0", "simulated", "pekko://latnas",
                        MeasurementActor.State.READY, true, 3, 16, 120, 2, 1),
                new DatasetBuilder.GetProgress(progress),
                new DatasetBuilder.Subscribe(events),
                new DatasetBuilder.BuildStarted(builder, "/data/rtx.csv", "ofa-mbv3-w1.0", "rtx2080ti", 1, 100, 100,
                        40),
                new DatasetBuilder.DatasetProgress("/data/rtx.csv", "rtx2080ti", 1, 100, 40, 30, 1, 4, 25, 2,
                        measuredBy),
                new DatasetBuilder.DatasetBuilt("/data/rtx.csv", "rtx2080ti", 1, DatasetBuilder.Outcome.COMPLETED,
                        "measured 59 architectures, 1 failed, 40 already present", 100, 100, 40, 59, 0,
                        List.of(new DatasetBuilder.FailedArchitecture(arch(5), "scripted failure")), measuredBy),
                new DatasetBuilder.BuildRefused("/data/rtx.csv", "already building /data/rtx.csv"),
                new PredictorPool.Predict("simulated:rtx2080ti@ofa-mbv3-w1.0", 1, List.of(arch(6), arch(7)), 42,
                        testKit.<PredictorPool.PredictReply>createTestProbe().ref()),
                new PredictorPool.Predicted("simulated:rtx2080ti@ofa-mbv3-w1.0", 1, 42, new double[] {1.25, 30.5}, 1, 1),
                new PredictorPool.PredictionFailed("mlp:x", 64, 7, "model mlp:x failed: no weights"),
                new PredictorPool.DescribeModel("mlp:x", testKit.<PredictorPool.ModelReply>createTestProbe().ref()),
                new PredictorPool.ModelDescription("lookup-table:note10@ofa-mbv3-w1.2", "note10", "ofa-mbv3-w1.2",
                        List.of(160, 164, 224)),
                new PredictorPool.UnknownModel("mlp:x", List.of("simulated:rtx2080ti@ofa-mbv3-w1.0")),
                new PredictorPool.GetPoolStatus(testKit.<PredictorPool.PoolStatus>createTestProbe().ref()),
                new PredictorPool.PoolStatus("pekko://latnas@10.0.0.1:25520", List.of(new PredictorPool.ModelDescription(
                        "m", "rtx2080ti", "ofa-mbv3-w1.0", List.of(224))), 2, 1, 3, 40, 1, 100, 2, 60, 900, 1100, 900,
                        900, 0, 200000),
                new SearchSupervisor.StartSearch(spec, testKit.<SearchSupervisor.StartReply>createTestProbe().ref()),
                new SearchSupervisor.GetSearch("s-1", searchReplies),
                new SearchSupervisor.CancelSearch("s-1", testKit.<SearchSupervisor.CancelReply>createTestProbe().ref()),
                new SearchSupervisor.SubscribeSearch("s-1", testKit.<SearchSupervisor.SearchEvent>createTestProbe().ref()),
                new SearchSupervisor.GetSupervisorStatus(testKit.<SearchSupervisor.SupervisorStatus>createTestProbe()
                        .ref()),
                new SearchSupervisor.SearchAccepted("s-1", SearchState.QUEUED, 3),
                new SearchSupervisor.SearchRejected(RejectionCode.QUEUE_FULL, null, "2 running and 16 waiting", 30_000),
                running,
                finished,
                new SearchSupervisor.SearchNotFound("s-2"),
                new SearchSupervisor.CancelRequested("s-1", SearchState.RUNNING),
                new SearchSupervisor.SearchAlreadyEnded("s-1", SearchState.DONE),
                new SearchSupervisor.SearchStarted("s-1", at),
                new SearchSupervisor.GenerationCompleted("s-1", generation),
                new SearchSupervisor.ConstraintCompleted("s-1", 0, found),
                new SearchSupervisor.SearchEnded("s-1", finished),
                new SearchSupervisor.SupervisorStatus(2, 3, 40, 2, 16, 50, 4, 40, 3, 2));
    }

    @Test
    void everyClusterMessageRoundTripsThroughJacksonCbor() {
        Serialization serialization = SerializationExtension.get(Adapter.toClassic(testKit.system()));
        for (Object message : clusterMessages()) {
            assertThat(serialization.findSerializerFor(message)).as(message.getClass().getSimpleName())
                    .isInstanceOf(JacksonCborSerializer.class);
            assertThat(testKit.serializationTestKit().verifySerialization(message, true)).isEqualTo(message);
        }
    }

    @Test
    void theRoundTripCoversEveryMarkedMessageOfTheProtocols() {
        Set<Class<?>> covered = clusterMessages().stream().map(Object::getClass).collect(Collectors.toSet());
        Set<Class<?>> marked = Stream.of(MeasurementActor.class, DatasetBuilder.class, PredictorPool.class,
                        SearchSupervisor.class)
                .flatMap(protocol -> Arrays.stream(protocol.getDeclaredClasses()))
                .filter(c -> CborSerializable.class.isAssignableFrom(c) && !c.isInterface())
                .collect(Collectors.toSet());

        assertThat(covered).containsAll(marked);
    }

    @Test
    void aDatasetBuildWorksWhenEveryMessageIsSerialized(@TempDir Path dir) {
        // With serialize-messages on, every message between actors (not only the marked ones crossing
        // nodes) goes through its serializer and back, so replies, actor refs and asks are exercised as a
        // cluster would carry them. A message that fails is dropped, and the build would not finish.
        ActorTestKit serializing = ActorTestKit.create("CborSerializationTestSerializing", ConfigFactory
                .parseString("pekko.actor.serialize-messages = on").withFallback(RuntimeFixtures.config()));
        try {
            String hardwareId = RuntimeFixtures.uniqueHardwareId();
            serializing.spawn(MeasurementActor.create(RuntimeFixtures.device(hardwareId), 4,
                    device -> new ScriptedSource(hardwareId, RuntimeFixtures.simulated())));
            TestProbe<DatasetBuilder.Event> events = serializing.createTestProbe();
            DatasetJob job = new DatasetJob(RuntimeFixtures.SPACE, hardwareId, 1, 5, 1, dir.resolve("a.csv"));

            serializing.spawn(DatasetBuilder.create(job, RuntimeFixtures.builderSettings(), events.ref()),
                    DatasetBuilder.props());

            List<DatasetBuilder.Event> seen = events.fishForMessage(Duration.ofSeconds(20),
                    e -> e instanceof DatasetBuilder.DatasetBuilt
                            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
            DatasetBuilder.DatasetBuilt built = (DatasetBuilder.DatasetBuilt) seen.get(seen.size() - 1);
            assertThat(built.outcome()).isEqualTo(DatasetBuilder.Outcome.COMPLETED);
            assertThat(built.measured()).isEqualTo(5);
        } finally {
            serializing.shutdownTestKit();
        }
    }

    @Test
    void aSearchThroughAPredictorPoolWorksWhenEveryMessageIsSerialized() {
        ActorTestKit serializing = ActorTestKit.create("CborSerializationTestSearch", ConfigFactory
                .parseString("pekko.actor.serialize-messages = on").withFallback(RuntimeFixtures.config()));
        try {
            String model = "serialized:rtx2080ti@" + RuntimeFixtures.SPACE.id();
            ActorRef<PredictorPool.Command> pool = serializing.spawn(PredictorPool.create(new PredictorPoolSettings(1,
                    Duration.ZERO, 256, 1000, "latnas.blocking-dispatcher", List.of()), new LatencyCache(1000),
                    served -> {
                        throw new IllegalStateException("none configured");
                    }));
            TestProbe<PredictorPool.ModelRegistered> registered = serializing.createTestProbe();
            pool.tell(new PredictorPool.RegisterModel(new CountingModel(model, RuntimeFixtures.simulated(),
                    RuntimeFixtures.SPACE), registered.ref()));
            registered.receiveMessage(Duration.ofSeconds(20));
            ActorRef<SearchSupervisor.Command> supervisor = serializing.spawn(SearchSupervisor.create(
                    SearchSupervisorSettings.DEFAULTS, SearchResources.fromConfig(RuntimeFixtures.config())));
            TestProbe<SearchSupervisor.StartReply> started = serializing.createTestProbe();
            supervisor.tell(new SearchSupervisor.StartSearch(new SearchSpec(RuntimeFixtures.SPACE.id(), "rtx2080ti", 1,
                    List.of(12.0), "predictor+memo", model, 8, 3, 1), started.ref()));
            String id = ((SearchSupervisor.SearchAccepted) started.receiveMessage(Duration.ofSeconds(20))).searchId();
            TestProbe<SearchSupervisor.SearchEvent> events = serializing.createTestProbe();

            supervisor.tell(new SearchSupervisor.SubscribeSearch(id, events.ref()));

            List<SearchSupervisor.SearchEvent> seen = events.fishForMessage(Duration.ofSeconds(20),
                    e -> e instanceof SearchSupervisor.SearchEnded
                            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
            SearchSupervisor.SearchEnded ended = (SearchSupervisor.SearchEnded) seen.get(seen.size() - 1);
            assertThat(ended.info().state()).isEqualTo(SearchState.DONE);
            assertThat(ended.info().result().front().get(0).architecture()).isNotNull();
        } finally {
            serializing.shutdownTestKit();
        }
    }

    @Test
    void anArchitectureTravelsInOfaJsonForm() throws Exception {
        ObjectMapper json = new ObjectMapper().registerModule(new ArchitectureJacksonModule());

        String written = json.writeValueAsString(arch(9));

        assertThat(written).isEqualTo(ArchitectureCodec.toJson(arch(9)));
        assertThat(json.readValue(written, Architecture.class)).isEqualTo(arch(9));
    }

    @Test
    void refusesSomethingThatIsNotAnArchitecture() {
        ObjectMapper json = new ObjectMapper().registerModule(new ArchitectureJacksonModule());

        assertThatThrownBy(() -> json.readValue("{\"ks\":[3],\"e\":[3],\"d\":[2],\"r\":[160]}", Architecture.class))
                .isInstanceOf(JsonMappingException.class)
                .hasMessageContaining("ks has 1 entries");
    }
}
