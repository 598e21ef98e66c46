package io.latnas.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.latnas.common.InvalidInputException;
import io.latnas.dataset.DatasetCsv;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.http.HttpApi;
import io.latnas.http.HttpSettings;
import io.latnas.http.Json;
import io.latnas.search.SearchSettings;
import io.latnas.dataset.LatencyRecord;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeResources;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.RuntimeSettings;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.ScriptedSource;
import io.latnas.runtime.dataset.ArchitectureSample;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.measure.MeasurementSettings;
import io.latnas.runtime.search.ConstraintOutcome;
import io.latnas.runtime.search.SearchSpec;
import io.latnas.runtime.search.SearchState;
import io.latnas.runtime.search.SearchSupervisor;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

import static io.latnas.cluster.ClusterTestNodes.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nodes on loopback in one JVM forming a cluster: services on one node are found and used from another,
 * and a dataset build carries on when a measuring node dies.
 */
class ClusterNodeTest {

    private static final String SEARCH_GPU = "cluster-search-gpu";
    private static final String DATASET_GPU = "cluster-dataset-gpu";
    private static final String FAILOVER_GPU = "cluster-failover-gpu";

    private static ClusterTestNodes nodes;
    /** Serves the API and builds datasets; runs no search and measures nothing itself. */
    private static ClusterNode apiNode;
    /** Runs searches and serves predictions. */
    private static ClusterNode searchNode;
    /** Measures SEARCH_GPU, and DATASET_GPU and FAILOVER_GPU alongside a node a test brings down. */
    private static ClusterNode measureNode;
    private static ScriptedSource searchGpu;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws InterruptedException, IOException {
        nodes = new ClusterTestNodes();
        HttpSettings http = HttpSettings.fromConfig(ClusterTestNodes.CONFIG).withPort(0)
                .withDataDir(Files.createTempDirectory("cluster-node-test"));
        apiNode = nodes.start(Set.of(NodeRole.API), Map.of(), List.of(), Optional.of(new HttpApi(Set.of(NodeRole.API),
                HardwareCatalog.fromConfig(ClusterTestNodes.CONFIG), SearchSettings.fromConfig(ClusterTestNodes.CONFIG),
                http)));
        List<SeedNode> seeds = List.of(ClusterTestNodes.seedOf(apiNode));
        searchNode = nodes.start(Set.of(NodeRole.SEARCH, NodeRole.PREDICT), Map.of(), seeds);
        searchGpu = new ScriptedSource(SEARCH_GPU, RuntimeFixtures.simulated());
        measureNode = nodes.start(Set.of(NodeRole.MEASURE), Map.of(SEARCH_GPU, searchGpu,
                DATASET_GPU, new ScriptedSource(DATASET_GPU, RuntimeFixtures.simulated()),
                FAILOVER_GPU, new ScriptedSource(FAILOVER_GPU, RuntimeFixtures.simulated())), seeds);
        TestProbe<Object> probe = TestProbe.create(apiNode.system());
        probe.awaitAssert(WAIT, () -> assertThat(ClusterTestNodes.allUp(apiNode, 3)).isTrue());
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    private static List<Member> members(ClusterNode observer) {
        return StreamSupport.stream(Cluster.get(observer.system()).state().getMembers().spliterator(), false)
                .toList();
    }

    /** Waits until {@code observer}'s Receptionist lists {@code count} actors for {@code key}. */
    private static Set<ActorRef<MeasurementActor.Command>> listed(ClusterNode observer,
                                                                   ServiceKey<MeasurementActor.Command> key, int count) {
        TestProbe<Receptionist.Listing> listings = TestProbe.create(observer.system());
        observer.system().receptionist().tell(Receptionist.subscribe(key, listings.ref()));
        List<Receptionist.Listing> seen = listings.fishForMessage(WAIT, l -> l.getServiceInstances(key).size() == count
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        return seen.get(seen.size() - 1).getServiceInstances(key);
    }

    private static Member member(List<Member> members, ClusterNode node) {
        return members.stream().filter(m -> m.address().equals(node.system().address())).findFirst().orElseThrow();
    }

    @Test
    void refusesARemotingPortThatIsTakenNamingIt() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ClusterSettings settings = ClusterTestNodes.settings(List.of()).withPort(taken.getLocalPort());
            RuntimeSettings runtime = new RuntimeSettings(Set.of(NodeRole.SEARCH), new MeasurementSettings(4,
                    List.of()), RuntimeFixtures.builderSettings());
            assertThatThrownBy(() -> ClusterNode.start(ClusterTestNodes.CONFIG, runtime, settings,
                    NodeResources.fromConfig(ClusterTestNodes.CONFIG), Optional.empty()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort()).hasMessageContaining("--cluster-port");
        }
    }

    @Test
    void nodesFormOneClusterWithTheirRolesAsClusterRoles() {
        for (ClusterNode observer : List.of(apiNode, searchNode, measureNode)) {
            List<Member> members = members(observer);
            assertThat(members).hasSize(3).allMatch(m -> m.status().toString().equals("Up"));
            assertThat(member(members, apiNode).getRoles()).contains("api").doesNotContain("search", "measure");
            assertThat(member(members, searchNode).getRoles()).contains("search", "predict")
                    .doesNotContain("api", "measure");
            assertThat(member(members, measureNode).getRoles()).contains("measure").doesNotContain("api", "search");
        }
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    /** GETs {@code path} of the API node until {@code done} holds for its JSON body, and returns that body. */
    private static JsonNode getUntil(String path, Predicate<JsonNode> done) {
        String url = apiNode.api().orElseThrow().baseUrl() + path;
        JsonNode[] body = new JsonNode[1];
        TestProbe<Object> probe = TestProbe.create(apiNode.system());
        probe.awaitAssert(WAIT, () -> {
            try {
                body[0] = getJson(url);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(done.test(body[0])).as(body[0].toString()).isTrue();
            return null;
        });
        return body[0];
    }

    @Test
    void theApiListsEveryMemberWithItsRolesAndTheHardwareItMeasures() {
        JsonNode view = getUntil("/v1/cluster", body -> body.toString().contains(SEARCH_GPU)
                && body.toString().contains(DATASET_GPU) && body.toString().contains(FAILOVER_GPU));
        String measureAddress = measureNode.system().address().toString();
        assertThat(view.path("provider").asText()).isEqualTo("cluster");
        assertThat(view.path("self").asText()).isEqualTo(apiNode.system().address().toString());
        assertThat(view.path("leader").asText()).isNotEmpty();
        assertThat(view.path("unreachable")).isEmpty();
        Map<String, JsonNode> members = new HashMap<>();
        view.path("members").forEach(m -> members.put(m.path("address").asText(), m));
        assertThat(members).containsOnlyKeys(apiNode.system().address().toString(),
                searchNode.system().address().toString(), measureAddress);
        JsonNode measure = members.get(measureAddress);
        assertThat(measure.path("status").asText()).isEqualTo("up");
        assertThat(measure.path("reachable").asBoolean()).isTrue();
        assertThat(measure.path("roles").toString()).isEqualTo("[\"measure\"]");
        assertThat(measure.path("hardware").toString()).isEqualTo("[\"" + DATASET_GPU + "\",\"" + FAILOVER_GPU
                + "\",\"" + SEARCH_GPU + "\"]");
        assertThat(measure.path("measurementActors")).hasSize(3)
                .allSatisfy(actor -> assertThat(actor.path("actor").asText()).startsWith(measureAddress + "/user/"));
        JsonNode front = members.get(apiNode.system().address().toString());
        assertThat(front.path("roles").toString()).isEqualTo("[\"api\"]");
        assertThat(front.path("hardware")).isEmpty();
    }

    @Test
    void aSearchSubmittedToAnApiOnlyNodeRunsOnTheSearchNodeAndMeasuresOnTheMeasureNode() throws Exception {
        listed(apiNode, MeasurementActor.serviceKey(SEARCH_GPU, RuntimeFixtures.SPACE), 1);
        double lo = RuntimeFixtures.simulated().latencyMs(Architecture.uniform(3, 3, 2, 160), 1);
        double hi = RuntimeFixtures.simulated().latencyMs(Architecture.uniform(7, 6, 4, 224), 1);
        String body = "{\"space\":\"" + RuntimeFixtures.SPACE.id() + "\",\"hardware\":\"" + SEARCH_GPU
                + "\",\"constraintsMs\":[" + (lo + hi) / 2 + "],\"strategy\":\"measured\",\"population\":8,"
                + "\"generations\":2,\"seed\":5}";
        HttpResponse<String> submitted = post("/v1/searches", body);
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        String id = Json.mapper().readTree(submitted.body()).path("id").asText();

        JsonNode search = getUntil("/v1/searches/" + id, s -> s.path("state").asText().equals("done"));
        JsonNode best = search.path("result").path("front").get(0);
        assertThat(best.path("status").asText()).isEqualTo("found");
        assertThat(searchGpu.calls()).isPositive();
    }

    private static HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        apiNode.api().orElseThrow().baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anApiOnlyNodeAnswersPredictionsFromAPoolOnAnotherNode() throws Exception {
        getUntil("/v1/cluster", body -> body.toString().contains("simulated:rtx2080ti@" + RuntimeFixtures.SPACE.id()));
        Architecture arch = Architecture.uniform(5, 4, 3, 192);
        String body = "{\"hardware\":\"rtx2080ti\",\"space\":\"" + RuntimeFixtures.SPACE.id()
                + "\",\"batch\":1,\"architecture\":" + ArchitectureCodec.toJson(arch) + "}";

        HttpResponse<String> answer = post("/v1/predictions", body);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode prediction = Json.mapper().readTree(answer.body());
        assertThat(prediction.path("model").asText()).isEqualTo("simulated:rtx2080ti@" + RuntimeFixtures.SPACE.id());
        assertThat(prediction.path("latencyMs").asDouble()).isEqualTo(RuntimeFixtures.simulated().latencyMs(arch, 1));
    }

    @Test
    void aSearchMeasuresItsLatenciesOnAnotherNode() {
        ServiceKey<MeasurementActor.Command> key = MeasurementActor.serviceKey(SEARCH_GPU, RuntimeFixtures.SPACE);
        Set<ActorRef<MeasurementActor.Command>> actors = listed(searchNode, key, 1);
        assertThat(actors.iterator().next().path().address()).isEqualTo(measureNode.system().address());

        SearchSupervisor.SearchInfo info = ended(startMeasuredSearch(SEARCH_GPU));

        assertThat(info.state()).as(info.failure()).isEqualTo(SearchState.DONE);
        assertThat(searchGpu.calls()).isPositive();
        assertMeasuredOnTheSimulatedGpu(info);
    }

    @Test
    void aSearchCarriesOnWhenAMeasuringNodeIsDowned() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        ScriptedSource doomed = new ScriptedSource(FAILOVER_GPU, RuntimeFixtures.simulated()).heldUntil(never);
        try {
            ClusterNode doomedNode = measureNodeOf(doomed);
            listed(searchNode, MeasurementActor.serviceKey(FAILOVER_GPU, RuntimeFixtures.SPACE), 2);
            TestProbe<SearchSupervisor.SearchEvent> events = startMeasuredSearch(FAILOVER_GPU);
            // The doomed node holds what it was sent: the search waits on it until it goes.
            events.awaitAssert(WAIT, () -> assertThat(doomed.calls()).isPositive());

            downAndAwaitRemoval(doomedNode);

            SearchSupervisor.SearchInfo info = ended(events);
            assertThat(info.state()).as(info.failure()).isEqualTo(SearchState.DONE);
            assertMeasuredOnTheSimulatedGpu(info);
        } finally {
            never.countDown();
        }
    }

    /** Starts a small measured search on the search node and subscribes to its events. */
    private static TestProbe<SearchSupervisor.SearchEvent> startMeasuredSearch(String hardwareId) {
        TestProbe<NodeGuardian.Services> services = TestProbe.create(searchNode.system());
        searchNode.system().tell(new NodeGuardian.GetServices(services.ref()));
        ActorRef<SearchSupervisor.Command> supervisor = services.receiveMessage(WAIT).searchSupervisor().orElseThrow();
        double lo = RuntimeFixtures.simulated().latencyMs(Architecture.uniform(3, 3, 2, 160), 1);
        double hi = RuntimeFixtures.simulated().latencyMs(Architecture.uniform(7, 6, 4, 224), 1);
        SearchSpec spec = new SearchSpec(RuntimeFixtures.SPACE.id(), hardwareId, 1, List.of((lo + hi) / 2),
                "measured", null, 8, 2, 3);
        TestProbe<SearchSupervisor.StartReply> started = TestProbe.create(searchNode.system());
        supervisor.tell(new SearchSupervisor.StartSearch(spec, started.ref()));
        String id = ((SearchSupervisor.SearchAccepted) started.receiveMessage(WAIT)).searchId();
        TestProbe<SearchSupervisor.SearchEvent> events = TestProbe.create(searchNode.system());
        supervisor.tell(new SearchSupervisor.SubscribeSearch(id, events.ref()));
        return events;
    }

    private static SearchSupervisor.SearchInfo ended(TestProbe<SearchSupervisor.SearchEvent> events) {
        List<SearchSupervisor.SearchEvent> seen = events.fishForMessage(WAIT,
                e -> e instanceof SearchSupervisor.SearchEnded
                        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        return ((SearchSupervisor.SearchEnded) seen.get(seen.size() - 1)).info();
    }

    private static void assertMeasuredOnTheSimulatedGpu(SearchSupervisor.SearchInfo info) {
        ConstraintOutcome best = info.result().front().get(0);
        assertThat(best.architecture()).isNotNull();
        assertThat(best.latencyMs()).isEqualTo(RuntimeFixtures.simulated().latencyMs(best.architecture(), 1));
    }

    /** Another node measuring {@code source}'s hardware with it. */
    private static ClusterNode measureNodeOf(ScriptedSource source) throws InterruptedException {
        return nodes.start(Set.of(NodeRole.MEASURE), Map.of(source.hardwareId(), source),
                List.of(ClusterTestNodes.seedOf(apiNode)));
    }

    /**
     * Downs {@code node} as if it had died, and waits until every other node has removed it: the other tests
     * expect the three nodes they started, and only them.
     */
    private static void downAndAwaitRemoval(ClusterNode node) {
        Cluster.get(apiNode.system()).manager().tell(new Down(node.system().address()));
        TestProbe<Object> probe = TestProbe.create(apiNode.system());
        for (ClusterNode observer : List.of(apiNode, searchNode, measureNode)) {
            probe.awaitAssert(WAIT, () -> assertThat(members(observer)).hasSize(3));
        }
    }

    @Test
    void aDatasetBuildFinishesOnTheRemainingNodeWhenAMeasuringNodeIsDowned() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        ScriptedSource doomed = new ScriptedSource(DATASET_GPU, RuntimeFixtures.simulated()).heldUntil(never);
        try {
            ClusterNode doomedNode = measureNodeOf(doomed);
            ServiceKey<MeasurementActor.Command> key = MeasurementActor.serviceKey(DATASET_GPU, RuntimeFixtures.SPACE);
            listed(apiNode, key, 2);

            int count = 16;
            DatasetJob job = new DatasetJob(RuntimeFixtures.SPACE, DATASET_GPU, 1, count, 11, dir.resolve("d.csv"));
            TestProbe<DatasetBuilder.Event> events = TestProbe.create(apiNode.system());
            apiNode.system().tell(new NodeGuardian.BuildDataset(job, events.ref()));
            events.expectMessageClass(DatasetBuilder.BuildStarted.class, WAIT);
            // The doomed node holds the architectures it was sent: they are lost with it unless sent elsewhere.
            events.awaitAssert(WAIT, () -> assertThat(doomed.calls()).isPositive());

            downAndAwaitRemoval(doomedNode);

            List<DatasetBuilder.Event> seen = events.fishForMessage(WAIT, e -> e instanceof DatasetBuilder.DatasetBuilt
                    ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
            DatasetBuilder.DatasetBuilt built = (DatasetBuilder.DatasetBuilt) seen.get(seen.size() - 1);
            assertThat(built.outcome()).as(built.message()).isEqualTo(DatasetBuilder.Outcome.COMPLETED);
            assertThat(built.measured()).isEqualTo(count);
            assertThat(built.failures()).isEmpty();
            List<Architecture> rows = DatasetCsv.read(job.output(), RuntimeFixtures.SPACE, "test").records().stream()
                    .filter(row -> row.target().equals(job.target())).map(LatencyRecord::architecture).toList();
            assertThat(rows).hasSize(count).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(ArchitectureSample.draw(RuntimeFixtures.SPACE, count, 11));
            // measuredBy keeps the downed node's actor, which wrote no row.
            assertThat(built.measuredBy().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(count);
            assertThat(built.measuredBy()).allSatisfy((actor, written) -> assertThat(written == 0
                    || actor.startsWith(measureNode.system().address().toString())).as(actor).isTrue());
        } finally {
            never.countDown();
        }
    }
}
