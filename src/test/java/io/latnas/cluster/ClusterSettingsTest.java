package io.latnas.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import io.latnas.runtime.LatnasNode;
import io.latnas.runtime.NodeRole;
import io.latnas.runtime.RuntimeSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClusterSettingsTest {

    /** The shipped configuration with {@code overrides} on top, as if they came from a file or the environment. */
    private static Config with(String overrides) {
        return ConfigFactory.parseString(overrides)
                .withFallback(LatnasNode.withRuntimeConfig(ConfigFactory.load())).resolve();
    }

    @Test
    void shipsALoopbackNodeThatStartsAClusterOfItsOwn() {
        ClusterSettings settings = ClusterSettings.fromConfig(with("pekko.actor.provider = cluster"));
        assertThat(settings.clustered()).isTrue();
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.port()).isEqualTo(25520);
        assertThat(settings.seedNodes()).isEmpty();
        assertThat(settings.splitBrainStrategy()).isEqualTo("keep-majority");
    }

    @Test
    void knowsWhetherTheNodeRunsTheClusterProvider() {
        assertThat(ClusterSettings.fromConfig(with("pekko.actor.provider = local")).clustered()).isFalse();
        assertThat(ClusterSettings.fromConfig(with(
                "pekko.actor.provider = \"org.apache.pekko.cluster.ClusterActorRefProvider\"")).clustered()).isTrue();
    }

    @Test
    void readsSeedNodesAsAListOrAsOneCommaSeparatedString() {
        List<SeedNode> expected = List.of(new SeedNode("10.0.0.5", 25520), new SeedNode("lab-2", 25521));
        assertThat(ClusterSettings.fromConfig(with("latnas.cluster.seed-nodes = [\"10.0.0.5:25520\", \"lab-2:25521\"]"))
                .seedNodes()).isEqualTo(expected);
        // What LATNAS_SEED_NODES=10.0.0.5:25520,lab-2:25521 gives.
        assertThat(ClusterSettings.fromConfig(with("latnas.cluster.seed-nodes = \"10.0.0.5:25520, lab-2:25521\""))
                .seedNodes()).isEqualTo(expected);
    }

    @Test
    void acceptsPekkosFullAddressAndBracketedIpv6() {
        assertThat(ClusterSettings.parseSeedNodes("pekko://latnas@10.0.0.5:25520,[::1]:25521"))
                .containsExactly(new SeedNode("10.0.0.5", 25520), new SeedNode("[::1]", 25521));
        assertThat(new SeedNode("10.0.0.5", 25520).address().toString()).isEqualTo("pekko://latnas@10.0.0.5:25520");
    }

    @Test
    void rejectsASeedNodeThatIsNotHostAndPortNamingIt() {
        assertThatThrownBy(() -> ClusterSettings.parseSeedNodes("10.0.0.5:25520,10.0.0.6"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bad seed node '10.0.0.6'").hasMessageContaining("host:port");
        assertThatThrownBy(() -> ClusterSettings.parseSeedNodes("10.0.0.5:70000"))
                .hasMessageContaining("10.0.0.5:70000").hasMessageContaining("between 1 and 65535");
        assertThatThrownBy(() -> ClusterSettings.parseSeedNodes("pekko://other@10.0.0.5:25520"))
                .hasMessageContaining("bad seed node 'pekko://other@10.0.0.5:25520'");
        assertThatThrownBy(() -> ClusterSettings.fromConfig(with("latnas.cluster.seed-nodes = \"nohost\"")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'nohost'");
    }

    @Test
    void rejectsAnUnknownSplitBrainStrategy() {
        assertThatThrownBy(() -> ClusterSettings.fromConfig(with("latnas.cluster.split-brain.strategy = keep-mayority")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("keep-mayority").hasMessageContaining("keep-majority");
    }

    @Test
    void laysHostPortAndStrategyOverPekkosSettings() {
        ClusterSettings settings = new ClusterSettings(true, "10.0.0.7", 25530, List.of(), "keep-oldest",
                Duration.ofSeconds(7));
        Config pekko = settings.pekkoConfig().withFallback(with(""));
        assertThat(pekko.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("10.0.0.7");
        assertThat(pekko.getInt("pekko.remote.artery.canonical.port")).isEqualTo(25530);
        assertThat(pekko.getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("keep-oldest");
        assertThat(pekko.getDuration("pekko.cluster.split-brain-resolver.stable-after")).hasSeconds(7);
        assertThat(pekko.getString("pekko.cluster.downing-provider-class")).contains("SplitBrainResolverProvider");
    }

    @Test
    void rolesMayComeAsOneCommaSeparatedString() {
        // What LATNAS_ROLES=api,search gives.
        assertThat(RuntimeSettings.fromConfig(with("latnas.runtime.roles = \"api, search\"")).roles())
                .containsExactlyInAnyOrder(NodeRole.API, NodeRole.SEARCH);
    }
}
