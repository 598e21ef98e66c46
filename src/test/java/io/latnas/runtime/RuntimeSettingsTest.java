package io.latnas.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import io.latnas.runtime.measure.ServedDevice;
import io.latnas.runtime.predict.PredictorPoolSettings;
import io.latnas.runtime.predict.ServedModel;
import io.latnas.runtime.search.SearchSupervisorSettings;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeSettingsTest {

    private static Config with(String overrides) {
        return ConfigFactory.parseString(overrides).withFallback(RuntimeFixtures.config()).resolve();
    }

    @Test
    void readsTheShippedDefaults() {
        RuntimeSettings settings = RuntimeSettings.fromConfig(RuntimeFixtures.config());

        assertThat(settings.roles()).containsExactly(NodeRole.MEASURE);
        assertThat(settings.measurement().queueSize()).isEqualTo(16);
        assertThat(settings.measurement().devices()).isEmpty();
        assertThat(settings.datasetBuilder().inFlightPerActor()).isEqualTo(2);
        assertThat(settings.datasetBuilder().maxAttempts()).isEqualTo(3);
        assertThat(settings.datasetBuilder().measurementTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void bindsTheMarkerToCborAndAddsTheArchitectureModuleToPekkosOwn() {
        Config config = RuntimeFixtures.config();

        assertThat(config.getString("pekko.actor.serialization-bindings.\"io.latnas.runtime.serialization.CborSerializable\""))
                .isEqualTo("jackson-cbor");
        assertThat(config.getStringList("pekko.serialization.jackson.jackson-modules"))
                .contains("io.latnas.runtime.serialization.ArchitectureJacksonModule",
                        "com.fasterxml.jackson.module.paramnames.ParameterNamesModule");
        assertThat(config.getStringList("pekko.cluster.roles")).containsExactly("measure");
        assertThat(config.hasPath("latnas.measurement-dispatcher")).isTrue();
        assertThat(config.hasPath("latnas.blocking-dispatcher")).isTrue();
    }

    @Test
    void readsTheSameWhenApplicationConfIncludesPekkoConf() {
        // What application.conf will hold once it includes pekko.conf at its top level.
        Config included = ConfigFactory.load(ConfigFactory.parseString("include classpath(\"pekko.conf\")")
                .withFallback(ConfigFactory.parseResources("application.conf")));

        assertThat(LatnasNode.withRuntimeConfig(included)).isSameAs(included);
        assertThat(included.getStringList("pekko.serialization.jackson.jackson-modules"))
                .containsAll(RuntimeFixtures.config().getStringList("pekko.serialization.jackson.jackson-modules"));
        assertThat(RuntimeSettings.fromConfig(included)).isEqualTo(RuntimeSettings.fromConfig(RuntimeFixtures.config()));
    }

    @Test
    void readsServedDevicesAndMeters() {
        RuntimeSettings settings = RuntimeSettings.fromConfig(with("""
                latnas.meters.external.phone { hardware = note10, command = ["meter"] }
                latnas.runtime {
                  roles = [measure, search]
                  measure.devices = [
                    { hardware = rtx2080ti, source = simulated, space = ofa-mbv3-w1.0, replicas = 2 }
                    { hardware = note10, space = ofa-mbv3-w1.2, dispatcher = latnas.blocking-dispatcher }
                    { meter = phone, space = ofa-mbv3-w1.2 }
                  ]
                }
                """));

        assertThat(settings.roles()).containsExactlyInAnyOrder(NodeRole.MEASURE, NodeRole.SEARCH);
        assertThat(settings.measurement().devices()).containsExactly(
                new ServedDevice.CatalogSource("rtx2080ti", "simulated", SearchSpaces.OFA_W10, 2,
                        ServedDevice.DEFAULT_DISPATCHER),
                new ServedDevice.CatalogSource("note10", "auto", SearchSpaces.OFA_W12, 1, "latnas.blocking-dispatcher"),
                settings.measurement().devices().get(2));
        ServedDevice meter = settings.measurement().devices().get(2);
        assertThat(meter).isInstanceOf(ServedDevice.MeterSource.class);
        assertThat(meter.hardwareId()).isEqualTo("note10");
        assertThat(meter.name()).isEqualTo("meter-phone");
    }

    @Test
    void rejectsAnUnknownRole() {
        assertThatThrownBy(() -> RuntimeSettings.fromConfig(with("latnas.runtime.roles = [measure, train]")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown node role 'train'").hasMessageContaining("predict");
    }

    @Test
    void rejectsADeviceWithoutASpace() {
        assertThatThrownBy(() -> RuntimeSettings.fromConfig(with(
                "latnas.runtime.measure.devices = [{ hardware = rtx2080ti }]")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("devices[0] lacks 'space'");
    }

    @Test
    void rejectsAnUnknownDeviceKey() {
        assertThatThrownBy(() -> RuntimeSettings.fromConfig(with(
                "latnas.runtime.measure.devices = [{ hardware = rtx2080ti, space = ofa-mbv3-w1.0, copies = 2 }]")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'copies'");
    }

    @Test
    void rejectsReplicasOfAMeter() {
        assertThatThrownBy(() -> RuntimeSettings.fromConfig(with("""
                latnas.meters.external.phone { hardware = note10, command = ["meter"] }
                latnas.runtime.measure.devices = [{ meter = phone, space = ofa-mbv3-w1.2, replicas = 2 }]
                """)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("leave out hardware, source and replicas");
    }

    @Test
    void keepsTheRolesItIsGiven() {
        RuntimeSettings settings = RuntimeSettings.fromConfig(RuntimeFixtures.config()).withRoles(Set.of());

        assertThat(settings.roles()).isEmpty();
        assertThat(settings.has(NodeRole.MEASURE)).isFalse();
    }

    @Test
    void readsThePredictorPoolAndSearchSupervisorSettings() {
        RuntimeSettings settings = RuntimeSettings.fromConfig(RuntimeFixtures.config());

        assertThat(settings.predictorPool().withModels(List.of())).isEqualTo(PredictorPoolSettings.DEFAULTS);
        assertThat(settings.predictorPool().models()).extracting(ServedModel::id).containsExactly(
                "simulated:rtx2080ti@ofa-mbv3-w1.0", "simulated:note10@ofa-mbv3-w1.2",
                "lookup-table:note10@ofa-mbv3-w1.2");
        assertThat(settings.predictorPool().models().get(0)).isEqualTo(
                new ServedModel("rtx2080ti", "simulated", SearchSpaces.OFA_W10));
        assertThat(settings.search()).isEqualTo(SearchSupervisorSettings.DEFAULTS);
        assertThat(RuntimeFixtures.config().getInt("latnas.search-dispatcher.thread-pool-executor.fixed-pool-size"))
                .isEqualTo(settings.search().maxConcurrent());
    }

    @Test
    void readsServedModelsAndSearchLimits() {
        RuntimeSettings settings = RuntimeSettings.fromConfig(with("""
                latnas.runtime.predictor-pool {
                  workers = 4
                  batch-window = 2ms
                  models = [{ hardware = note10, source = lookup-table, space = ofa-mbv3-w1.2 }]
                }
                latnas.runtime.search { max-concurrent = 3, queue-size = 0, keep-finished-for = 10m }
                """));

        assertThat(settings.predictorPool().workers()).isEqualTo(4);
        assertThat(settings.predictorPool().batchWindow()).isEqualTo(Duration.ofMillis(2));
        assertThat(settings.predictorPool().models()).extracting(ServedModel::id)
                .containsExactly("lookup-table:note10@ofa-mbv3-w1.2");
        assertThat(settings.search().maxConcurrent()).isEqualTo(3);
        assertThat(settings.search().queueSize()).isZero();
        assertThat(settings.search().keepFinishedFor()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void rejectsAServedModelOfAnUnknownSourceOrWithAnUnknownKey() {
        assertThatThrownBy(() -> RuntimeSettings.fromConfig(with(
                "latnas.runtime.predictor-pool.models = [{ hardware = rtx2080ti, source = mlp, space = ofa-mbv3-w1.0 }]")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("source 'mlp' is not one of simulated, lookup-table, replay");
        assertThatThrownBy(() -> RuntimeSettings.fromConfig(with(
                "latnas.runtime.predictor-pool.models = [{ hardware = rtx2080ti, space = ofa-mbv3-w1.0 }]")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("models[0] lacks 'source'");
    }

    @Test
    void rejectsSearchLimitsOutOfRange() {
        assertThatThrownBy(() -> RuntimeSettings.fromConfig(with("latnas.runtime.search.max-concurrent = 0")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("latnas.runtime.search.max-concurrent=0 must be at least 1");
        assertThatThrownBy(() -> RuntimeSettings.fromConfig(with("latnas.runtime.predictor-pool.max-batch = 0")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("max-batch=0 must be at least 1");
    }
}
