package io.latnas.runtime;

import io.latnas.inference.LatencySourceModel;
import io.latnas.runtime.dataset.DatasetBuilder;
import io.latnas.runtime.dataset.DatasetJob;
import io.latnas.runtime.measure.MeasurementSettings;
import io.latnas.runtime.search.SearchSpec;
import io.latnas.runtime.search.SearchSupervisor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodeClientTest {

    private static final Duration ASK = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static LatnasNode node() {
        RuntimeSettings configured = RuntimeSettings.fromConfig(RuntimeFixtures.config());
        RuntimeSettings runtime = new RuntimeSettings(EnumSet.of(NodeRole.MEASURE, NodeRole.PREDICT, NodeRole.SEARCH),
                new MeasurementSettings(configured.measurement().queueSize(), List.of(RuntimeFixtures.device("rtx2080ti"))),
                RuntimeFixtures.builderSettings(), configured.predictorPool(), configured.search());
        return LatnasNode.start(RuntimeFixtures.config(), runtime, NodeResources.fromConfig(RuntimeFixtures.config()));
    }

    @Test
    void buildsADatasetThenSearchesWithARegisteredModel() {
        try (LatnasNode node = node()) {
            NodeClient client = new NodeClient(node, ASK);
            NodeGuardian.Services services = client.services().toCompletableFuture().join();

            List<DatasetBuilder.Event> events = new ArrayList<>();
            DatasetJob job = new DatasetJob(RuntimeFixtures.SPACE, "rtx2080ti", 1, 12, 3, dir.resolve("d.csv"));
            DatasetBuilder.Event last = client.buildDataset(job, events::add).toCompletableFuture().join();
            assertThat(last).isInstanceOfSatisfying(DatasetBuilder.DatasetBuilt.class, built -> {
                assertThat(built.outcome()).isEqualTo(DatasetBuilder.Outcome.COMPLETED);
                assertThat(built.measured()).isEqualTo(12);
            });
            assertThat(events.get(0)).isInstanceOf(DatasetBuilder.BuildStarted.class);

            LatencySourceModel model = new LatencySourceModel(RuntimeFixtures.simulated(), RuntimeFixtures.SPACE);
            client.registerModel(services.predictorPool().orElseThrow(), model).toCompletableFuture().join();
            SearchSpec spec = new SearchSpec(RuntimeFixtures.SPACE.id(), "rtx2080ti", 1, List.of(1000.0),
                    "predictor+memo", model.id(), 6, 2, 5);
            Object ended = client.search(services.searchSupervisor().orElseThrow(), spec, event -> { })
                    .toCompletableFuture().join();
            assertThat(ended).isInstanceOfSatisfying(SearchSupervisor.SearchEnded.class,
                    end -> assertThat(end.info().result().front()).singleElement()
                            .satisfies(winner -> assertThat(winner.architecture()).isNotNull()));
        }
    }

    @Test
    void aRefusedSearchIsTheAnswer() {
        try (LatnasNode node = node()) {
            NodeClient client = new NodeClient(node, ASK);
            NodeGuardian.Services services = client.services().toCompletableFuture().join();
            SearchSpec spec = new SearchSpec(RuntimeFixtures.SPACE.id(), "rtx2080ti", 1, List.of(10.0), "guess", null,
                    6, 2, 5);
            Object reply = client.search(services.searchSupervisor().orElseThrow(), spec, event -> { })
                    .toCompletableFuture().join();
            assertThat(reply).isInstanceOfSatisfying(SearchSupervisor.SearchRejected.class,
                    rejected -> assertThat(rejected.reason()).contains("guess"));
        }
    }
}
