package io.latnas.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import io.latnas.config.ConfigLists;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a node takes part in a cluster ({@code latnas.cluster}, in {@code conf/pekko.conf}).
 *
 * @param clustered           whether the actor system uses the cluster provider; tests may run a node on the
 *                            local provider, which has nothing to join
 * @param host                the address remoting listens on and other nodes reach it at
 * @param port                the remoting port; 0 picks a free one
 * @param seedNodes           nodes to join; empty: the node joins itself and starts a cluster of its own
 * @param splitBrainStrategy  Pekko's split-brain resolver strategy ({@code keep-majority}, ...)
 * @param stableAfter         how long membership must be stable before the resolver downs anyone
 */
public record ClusterSettings(boolean clustered, String host, int port, List<SeedNode> seedNodes,
                              String splitBrainStrategy, Duration stableAfter) {

    public static final String PATH = "latnas.cluster";
    static final String SEED_NODES = PATH + ".seed-nodes";
    /** The strategies of Pekko's split-brain resolver (its reference.conf). */
    static final Set<String> STRATEGIES = Set.of("keep-majority", "static-quorum", "keep-oldest", "down-all",
            "lease-majority");

    public ClusterSettings {
        if (host == null || host.isBlank()) {
            throw new InvalidInputException(PATH + ".host", "the cluster host is empty; give the address other"
                    + " nodes reach this one at, e.g. 127.0.0.1 or this machine's LAN address");
        }
        if (port < 0 || port > 65535) {
            throw new InvalidInputException(PATH + ".port", "cluster port " + port + " is not between 0 and 65535");
        }
        seedNodes = List.copyOf(seedNodes);
        if (!STRATEGIES.contains(splitBrainStrategy)) {
            throw new InvalidInputException(PATH + ".split-brain.strategy", "unknown split-brain strategy '"
                    + splitBrainStrategy + "'; known: " + String.join(", ", STRATEGIES.stream().sorted().toList()));
        }
    }

    /**
     * @throws InvalidInputException naming the key at fault, or the seed node that is not {@code host:port}
     */
    public static ClusterSettings fromConfig(Config config) {
        try {
            Config c = config.getConfig(PATH);
            String provider = config.getString("pekko.actor.provider");
            // Pekko takes the short name or the provider's class name.
            boolean clustered = provider.equals("cluster") || provider.endsWith(".ClusterActorRefProvider");
            return new ClusterSettings(clustered,
                    c.getString("host"), c.getInt("port"), parseSeedNodes(ConfigLists.stringsAt(c, "seed-nodes")),
                    c.getString("split-brain.strategy"), c.getDuration("split-brain.stable-after"));
        } catch (ConfigException e) {
            throw new InvalidInputException(PATH, "bad " + PATH + ": " + e.getMessage(), e);
        }
    }

    /** {@code host:port,host:port} as the command line and {@code LATNAS_SEED_NODES} give them. */
    public static List<SeedNode> parseSeedNodes(String commaSeparated) {
        return parseSeedNodes(Arrays.stream(commaSeparated.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).toList());
    }

    private static List<SeedNode> parseSeedNodes(List<String> addresses) {
        return addresses.stream().map(SeedNode::parse).toList();
    }

    /** The Pekko settings these stand for, to lay over the node's configuration. */
    public Config pekkoConfig() {
        return ConfigFactory.parseMap(Map.of(
                "pekko.remote.artery.canonical.hostname", host,
                "pekko.remote.artery.canonical.port", port,
                "pekko.cluster.split-brain-resolver.active-strategy", splitBrainStrategy,
                "pekko.cluster.split-brain-resolver.stable-after", stableAfter.toMillis() + "ms"));
    }

    public ClusterSettings withHost(String newHost) {
        return new ClusterSettings(clustered, newHost, port, seedNodes, splitBrainStrategy, stableAfter);
    }

    public ClusterSettings withPort(int newPort) {
        return new ClusterSettings(clustered, host, newPort, seedNodes, splitBrainStrategy, stableAfter);
    }

    public ClusterSettings withSeedNodes(List<SeedNode> newSeedNodes) {
        return new ClusterSettings(clustered, host, port, newSeedNodes, splitBrainStrategy, stableAfter);
    }
}
