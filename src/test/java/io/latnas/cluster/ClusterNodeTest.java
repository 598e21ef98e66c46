package io.latnas.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.latnas.dataset.DatasetCsv;
import io.latnas.hardware.HardwareCatalog;
import io.latnas.http.HttpApi;
import io.latnas.http.HttpSettings;
import io.latnas.http.Json;
import io.latnas.search.SearchSettings;
import io.latnas.dataset.LatencyRecord;
import io.latnas.runtime.NodeGuardian;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.RuntimeFixtures;
import io.latnas.runtime.ScriptedSource;
import io.latnas.runtime.dataset.ArchitectureSample;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.search.ConstraintOutcome;
import io.latnas.runtime.search.SearchSpec;
import io.latnas.runtime.search.SearchState;
import io.latnas.runtime.search.SearchSupervisor;
import io.latnas.space.Architecture;
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
import java.util.stream.StreamSupport;

import static io.latnas.cluster.ClusterTestNodes.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nodes on loopback in one JVM forming a cluster: services on one node are found and used from another,
 * and a dataset build carries on when a measuring node dies.
 */
class ClusterNodeTest {

    private static final String SEARCH_GPU = "cluster-search-gpu";
    private static final String DATASET_GPU = "cluster-dataset-gpu";

    private static ClusterTestNodes nodes;
    /** Serves the API, runs searches and dataset builds, and measures nothing itself. */
    private static ClusterNode searchNode;
    /** Measures SEARCH_GPU, and DATASET_GPU alongside a node a test brings down. */
    private static ClusterNode measureNode;
    private static ScriptedSource searchGpu;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws InterruptedException, IOException {
        nodes = new ClusterTestNodes();
        Set<NodeRole> front = Set.of(NodeRole.API, NodeRole.SEARCH);
        HttpSettings http = HttpSettings.fromConfig(ClusterTestNodes.CONFIG).withPort(0)
                .withDataDir(Files.createTempDirectory("cluster-node-test"));
        searchNode = nodes.start(front, Map.of(), List.of(), Optional.of(new HttpApi(front,
                HardwareCatalog.fromConfig(ClusterTestNodes.CONFIG), SearchSettings.fromConfig(ClusterTestNodes.CONFIG),
                http)));
        searchGpu = new ScriptedSource(SEARCH_GPU, RuntimeFixtures.simulated());
        measureNode = nodes.start(Set.of(NodeRole.MEASURE), Map.of(SEARCH_GPU, searchGpu,
                DATASET_GPU, new ScriptedSource(DATASET_GPU, RuntimeFixtures.simulated())),
                List.of(ClusterTestNodes.seedOf(searchNode)));
        TestProbe<Object> probe = TestProbe.create(searchNode.system());
        probe.awaitAssert(WAIT, () -> assertThat(ClusterTestNodes.allUp(searchNode, 2)).isTrue());
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

    @Test
    void nodesFormOneClusterWithTheirRolesAsClusterRoles() {
        for (ClusterNode observer : List.of(searchNode, measureNode)) {
            List<Member> members = members(observer);
            assertThat(members).hasSize(2).allMatch(m -> m.status().toString().equals("Up"));
            Member search = members.stream().filter(m -> m.address().equals(searchNode.system().address()))
                    .findFirst().orElseThrow();
            Member measure = members.stream().filter(m -> m.address().equals(measureNode.system().address()))
                    .findFirst().orElseThrow();
            assertThat(search.getRoles()).contains("search", "api").doesNotContain("measure");
            assertThat(measure.getRoles()).contains("measure").doesNotContain("search");
        }
    }

    private static JsonNode getJson(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.mapper().readTree(response.body());
    }

    @Test
    void theApiListsEveryMemberWithItsRolesAndTheHardwareItMeasures() throws Exception {
        String url = searchNode.api().orElseThrow().baseUrl() + "/v1/cluster";
        String measureAddress = measureNode.system().address().toString();
        JsonNode[] body = new JsonNode[1];
        TestProbe<Object> probe = TestProbe.create(searchNode.system());
        probe.awaitAssert(WAIT, () -> {
            try {
                body[0] = getJson(url);
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
            assertThat(body[0].toString()).contains(SEARCH_GPU).contains(DATASET_GPU);
            return null;
        });
        JsonNode view = body[0];
        assertThat(view.path("provider").asText()).isEqualTo("cluster");
        assertThat(view.path("self").asText()).isEqualTo(searchNode.system().address().toString());
        assertThat(view.path("leader").asText()).isIn(searchNode.system().address().toString(), measureAddress);
        assertThat(view.path("unreachable")).isEmpty();
        Map<String, JsonNode> members = new HashMap<>();
        view.path("members").forEach(m -> members.put(m.path("address").asText(), m));
        assertThat(members).containsOnlyKeys(searchNode.system().address().toString(), measureAddress);
        JsonNode measure = members.get(measureAddress);
        assertThat(measure.path("status").asText()).isEqualTo("up");
        assertThat(measure.path("reachable").asBoolean()).isTrue();
        assertThat(measure.path("roles").toString()).isEqualTo("[\"measure\"]");
        assertThat(measure.path("hardware").toString()).isEqualTo("[\"" + DATASET_GPU + "\",\"" + SEARCH_GPU + "\"]");
        assertThat(measure.path("measurementActors")).hasSize(2);
        JsonNode front = members.get(searchNode.system().address().toString());
        assertThat(front.path("roles").toString()).isEqualTo("[\"api\",\"search\"]");
        assertThat(front.path("hardware")).isEmpty();
    }

    @Test
    void aSearchMeasuresItsLatenciesOnAnotherNode() {
        ServiceKey<MeasurementActor.Command> key = MeasurementActor.serviceKey(SEARCH_GPU, RuntimeFixtures.SPACE);
        Set<ActorRef<MeasurementActor.Command>> actors = listed(searchNode, key, 1);
        assertThat(actors.iterator().next().path().address()).isEqualTo(measureNode.system().address());

        TestProbe<NodeGuardian.Services> services = TestProbe.create(searchNode.system());
        searchNode.system().tell(new NodeGuardian.GetServices(services.ref()));
        ActorRef<SearchSupervisor.Command> supervisor = services.receiveMessage(WAIT).searchSupervisor().orElseThrow();
        double lo = RuntimeFixtures.simulated().latencyMs(Architecture.uniform(3, 3, 2, 160), 1);
        double hi = RuntimeFixtures.simulated().latencyMs(Architecture.uniform(7, 6, 4, 224), 1);
        SearchSpec spec = new SearchSpec(RuntimeFixtures.SPACE.id(), SEARCH_GPU, 1, List.of((lo + hi) / 2),
                "measured", null, 8, 2, 3);

        TestProbe<SearchSupervisor.StartReply> started = TestProbe.create(searchNode.system());
        supervisor.tell(new SearchSupervisor.StartSearch(spec, started.ref()));
        String id = ((SearchSupervisor.SearchAccepted) started.receiveMessage(WAIT)).searchId();
        TestProbe<SearchSupervisor.SearchEvent> events = TestProbe.create(searchNode.system());
        supervisor.tell(new SearchSupervisor.SubscribeSearch(id, events.ref()));
        List<SearchSupervisor.SearchEvent> seen = events.fishForMessage(WAIT, e -> e instanceof SearchSupervisor.SearchEnded
                ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        SearchSupervisor.SearchInfo info = ((SearchSupervisor.SearchEnded) seen.get(seen.size() - 1)).info();

        assertThat(info.state()).as(info.failure()).isEqualTo(SearchState.DONE);
        assertThat(searchGpu.calls()).isPositive();
        ConstraintOutcome best = info.result().front().get(0);
        assertThat(best.architecture()).isNotNull();
        assertThat(best.latencyMs()).isEqualTo(RuntimeFixtures.simulated().latencyMs(best.architecture(), 1));
    }

    @Test
    void aDatasetBuildFinishesOnTheRemainingNodeWhenAMeasuringNodeIsDowned() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        ScriptedSource doomed = new ScriptedSource(DATASET_GPU, RuntimeFixtures.simulated()).heldUntil(never);
        try {
            ClusterNode doomedNode = nodes.start(Set.of(NodeRole.MEASURE), Map.of(DATASET_GPU, doomed),
                    List.of(ClusterTestNodes.seedOf(searchNode)));
            ServiceKey<MeasurementActor.Command> key = MeasurementActor.serviceKey(DATASET_GPU, RuntimeFixtures.SPACE);
            listed(searchNode, key, 2);

            int count = 16;
            DatasetJob job = new DatasetJob(RuntimeFixtures.SPACE, DATASET_GPU, 1, count, 11, dir.resolve("d.csv"));
            TestProbe<DatasetBuilder.Event> events = TestProbe.create(searchNode.system());
            searchNode.system().tell(new NodeGuardian.BuildDataset(job, events.ref()));
            events.expectMessageClass(DatasetBuilder.BuildStarted.class, WAIT);
            // The doomed node holds the architectures it was sent: they are lost with it unless sent elsewhere.
            events.awaitAssert(WAIT, () -> assertThat(doomed.calls()).isPositive());

            Cluster.get(searchNode.system()).manager().tell(new Down(doomedNode.system().address()));

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
