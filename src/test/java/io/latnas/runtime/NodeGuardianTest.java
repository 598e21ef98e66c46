package io.latnas.runtime;

import io.latnas.config.LatnasSettings;
import io.latnas.runtime.NodeGuardian.GetMeasurementActors;
import io.latnas.runtime.NodeGuardian.MeasurementActors;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.runtime.measure.MeasurementActor;
import io.latnas.runtime.measure.MeasurementSettings;
import io.latnas.runtime.measure.MeasurementSources;
import io.latnas.runtime.measure.ServedDevice;
import io.latnas.runtime.predict.PredictorPool;
import io.latnas.runtime.search.SearchSpec;
import io.latnas.runtime.search.SearchState;
import io.latnas.runtime.search.SearchSupervisor;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class NodeGuardianTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static RuntimeSettings settings(Set<NodeRole> roles, ServedDevice... devices) {
        return new RuntimeSettings(roles, new MeasurementSettings(4, List.of(devices)),
                RuntimeFixtures.builderSettings());
    }

    private static MeasurementSources scripted(CountDownLatch gate) {
        return device -> new ScriptedSource(device.hardwareId(), RuntimeFixtures.simulated()).heldUntil(gate);
    }

    private static List<?> measurementActors(LatnasNode node) {
        TestProbe<MeasurementActors> probe = TestProbe.create(node.system());
        node.system().tell(new GetMeasurementActors(probe.ref()));
        return probe.receiveMessage(WAIT).actors();
    }

    @Test
    void theMeasureRoleRunsOneRegisteredActorPerServedReplica() {
        String hardwareId = RuntimeFixtures.uniqueHardwareId();
        ServedDevice device = new ServedDevice.CatalogSource(hardwareId, "simulated", RuntimeFixtures.SPACE, 2,
                ServedDevice.DEFAULT_DISPATCHER);
        try (LatnasNode node = LatnasNode.start(RuntimeFixtures.config(),
                settings(Set.of(NodeRole.MEASURE), device), scripted(new CountDownLatch(0)))) {
            assertThat(measurementActors(node)).hasSize(2);

            ServiceKey<MeasurementActor.Command> key = MeasurementActor.serviceKey(hardwareId, RuntimeFixtures.SPACE);
            TestProbe<Receptionist.Listing> listings = TestProbe.create(node.system());
            node.system().receptionist().tell(Receptionist.subscribe(key, listings.ref()));
            listings.fishForMessage(WAIT, listing -> listing.getServiceInstances(key).size() == 2
                    ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        }
    }

    @Test
    void aNodeWithoutTheMeasureRoleMeasuresNothing() {
        ServedDevice device = RuntimeFixtures.device(RuntimeFixtures.uniqueHardwareId());
        try (LatnasNode node = LatnasNode.start(RuntimeFixtures.config(),
                settings(Set.of(NodeRole.SEARCH, NodeRole.API), device), scripted(new CountDownLatch(0)))) {
            assertThat(measurementActors(node)).isEmpty();
        }
    }

    @Test
    void buildsADatasetAndRefusesASecondBuildOfTheSameFile() {
        CountDownLatch gate = new CountDownLatch(1);
        String hardwareId = RuntimeFixtures.uniqueHardwareId();
        try (LatnasNode node = LatnasNode.start(RuntimeFixtures.config(),
                settings(Set.of(NodeRole.MEASURE), RuntimeFixtures.device(hardwareId)), scripted(gate))) {
            ActorTestKit testKit = ActorTestKit.create(node.system());
            TestProbe<DatasetBuilder.Event> first = testKit.createTestProbe();
            TestProbe<DatasetBuilder.Event> second = testKit.createTestProbe();
            DatasetJob job = new DatasetJob(RuntimeFixtures.SPACE, hardwareId, 1, 5, 1, dir.resolve("a.csv"));

            node.system().tell(new NodeGuardian.BuildDataset(job, first.ref()));
            first.expectMessageClass(DatasetBuilder.BuildStarted.class, WAIT);
            node.system().tell(new NodeGuardian.BuildDataset(job, second.ref()));

            assertThat(second.expectMessageClass(DatasetBuilder.BuildRefused.class, WAIT).reason())
                    .contains("already building");
            gate.countDown();
            List<DatasetBuilder.Event> events = first.fishForMessage(WAIT, e -> e instanceof DatasetBuilder.DatasetBuilt
                    ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
            DatasetBuilder.DatasetBuilt built = (DatasetBuilder.DatasetBuilt) events.get(events.size() - 1);
            assertThat(built.outcome()).isEqualTo(DatasetBuilder.Outcome.COMPLETED);
            assertThat(built.measured()).isEqualTo(5);
        } finally {
            gate.countDown();
        }
    }

    @Test
    void startsFromTheShippedConfiguration() {
        try (LatnasNode node = LatnasNode.start(LatnasSettings.load())) {
            assertThat(node.system().name()).isEqualTo(LatnasNode.SYSTEM_NAME);
            assertThat(measurementActors(node)).isEmpty();
        }
    }

    private static NodeGuardian.Services services(LatnasNode node) {
        TestProbe<NodeGuardian.Services> probe = TestProbe.create(node.system());
        node.system().tell(new NodeGuardian.GetServices(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    @Test
    void thePredictAndSearchRolesRunAPoolServingTheConfiguredModelsAndASupervisorThatSearchesWithIt() {
        RuntimeSettings shipped = RuntimeSettings.fromConfig(RuntimeFixtures.config());
        try (LatnasNode node = LatnasNode.start(RuntimeFixtures.config(),
                shipped.withRoles(Set.of(NodeRole.PREDICT, NodeRole.SEARCH)), scripted(new CountDownLatch(0)))) {
            NodeGuardian.Services services = services(node);
            assertThat(services.predictorPool()).isPresent();
            assertThat(services.searchSupervisor()).isPresent();
            assertThat(services.measurementActors()).isEmpty();
            assertThat(services.latencyCache()).isPresent();

            String model = "simulated:rtx2080ti@ofa-mbv3-w1.0";
            ServiceKey<PredictorPool.Command> key = PredictorPool.modelKey(model);
            TestProbe<Receptionist.Listing> listings = TestProbe.create(node.system());
            node.system().receptionist().tell(Receptionist.subscribe(key, listings.ref()));
            listings.fishForMessage(WAIT, l -> l.getServiceInstances(key).contains(services.predictorPool().get())
                    ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
            node.system().receptionist().tell(Receptionist.subscribe(SearchSupervisor.SERVICE_KEY, listings.ref()));
            listings.fishForMessage(WAIT, l -> l.isForKey(SearchSupervisor.SERVICE_KEY)
                    && l.getServiceInstances(SearchSupervisor.SERVICE_KEY).contains(services.searchSupervisor().get())
                    ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());

            TestProbe<SearchSupervisor.StartReply> started = TestProbe.create(node.system());
            services.searchSupervisor().get().tell(new SearchSupervisor.StartSearch(new SearchSpec("ofa-mbv3-w1.0",
                    "rtx2080ti", 1, List.of(12.0), "predictor+memo", model, 10, 3, 5), started.ref()));
            String id = ((SearchSupervisor.SearchAccepted) started.receiveMessage(WAIT)).searchId();
            TestProbe<SearchSupervisor.SearchEvent> events = TestProbe.create(node.system());
            services.searchSupervisor().get().tell(new SearchSupervisor.SubscribeSearch(id, events.ref()));
            List<SearchSupervisor.SearchEvent> seen = events.fishForMessage(WAIT,
                    e -> e instanceof SearchSupervisor.SearchEnded ? FishingOutcomes.complete()
                            : FishingOutcomes.continueAndIgnore());
            assertThat(((SearchSupervisor.SearchEnded) seen.get(seen.size() - 1)).info().state())
                    .isEqualTo(SearchState.DONE);
            assertThat(services.latencyCache().get().stats().size()).isPositive();
        }
    }

    @Test
    void aNodeWithoutThePredictAndSearchRolesOffersNeither() {
        String hardwareId = RuntimeFixtures.uniqueHardwareId();
        try (LatnasNode node = LatnasNode.start(RuntimeFixtures.config(),
                settings(Set.of(NodeRole.MEASURE), RuntimeFixtures.device(hardwareId)), scripted(new CountDownLatch(0)))) {
            NodeGuardian.Services services = services(node);

            assertThat(services.predictorPool()).isEmpty();
            assertThat(services.searchSupervisor()).isEmpty();
            assertThat(services.measurementActors()).hasSize(1);
        }
    }
}
