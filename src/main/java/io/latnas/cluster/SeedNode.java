package io.latnas.cluster;

import io.latnas.common.InvalidInputException;
import io.latnas.runtime.LatnasNode;
import org.apache.pekko.actor.Address;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node to join, as {@code host:port} of its remoting ({@code latnas.cluster.port}); every node runs an
 * actor system named {@value LatnasNode#SYSTEM_NAME}, so host and port are all it takes.
 */
public record SeedNode(String host, int port) {

    /** {@code host:port}, or Pekko's full form {@code pekko://latnas@host:port}; IPv6 hosts in brackets. */
    private static final Pattern HOST_PORT = Pattern.compile(
            "(?:pekko://" + LatnasNode.SYSTEM_NAME + "@)?(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+):([0-9]{1,5})");

    public SeedNode {
        if (port < 1 || port > 65535) {
            throw new InvalidInputException(ClusterSettings.SEED_NODES, "bad seed node '" + host + ":" + port
                    + "': port " + port + " is not between 1 and 65535");
        }
    }

    /**
     * @throws InvalidInputException naming {@code text} when it is not {@code host:port}
     */
    public static SeedNode parse(String text) {
        Matcher m = HOST_PORT.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidInputException(ClusterSettings.SEED_NODES, "bad seed node '" + text
                    + "': expected host:port of a node's cluster remoting, e.g. 10.0.0.5:25520");
        }
        return new SeedNode(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** The remoting address of the node's actor system. */
    public Address address() {
        return new Address("pekko", LatnasNode.SYSTEM_NAME, host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
