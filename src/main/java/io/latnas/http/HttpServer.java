package io.latnas.http;

import io.latnas.common.InvalidInputException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Binds the API and takes it down again. Safe by default: it refuses to bind anything but a loopback
 * address without a token. The binding joins Pekko's coordinated shutdown, so whatever stops the actor
 * system (SIGTERM, Ctrl-C, {@code LatnasNode.close()}) first closes the port, then gives requests in flight
 * {@code latnas.http.shutdown-deadline} to finish, then stops the actors.
 */
public final class HttpServer {

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final ServerBinding binding;
    private final HttpSettings settings;

    private HttpServer(ServerBinding binding, HttpSettings settings) {
        this.binding = binding;
        this.settings = settings;
    }

    /**
     * Binds {@code route} at the configured host and port.
     *
     * @throws InvalidInputException at once when the host is not a loopback address and no token is set, or
     *                               the host cannot be resolved; the stage fails with one when the port is taken
     */
    public static CompletionStage<HttpServer> start(ActorSystem<?> system, HttpSettings settings, Route route) {
        checkSafeToBind(settings);
        return Http.get(system).newServerAt(settings.host(), settings.port()).bind(route)
                .handle((binding, failure) -> {
                    if (failure != null) {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        throw new InvalidInputException(HttpSettings.PATH + ".port", "cannot listen on "
                                + settings.host() + ":" + settings.port() + ": " + cause.getMessage()
                                + "; choose another port or stop what holds it", cause);
                    }
                    binding.addToCoordinatedShutdown(settings.shutdownDeadline(), system);
                    HttpServer server = new HttpServer(binding, settings);
                    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(),
                            "latnas-http-log-" + binding.localAddress().getPort(), () -> {
                                log.info("closing the API on {}; requests in flight get {} to finish",
                                        server.baseUrl(), settings.shutdownDeadline());
                                return CompletableFuture.completedFuture(Done.getInstance());
                            });
                    log.info("LatencyNAS API listening on {}{} ({})", server.baseUrl(), ApiRoutes.PREFIX,
                            settings.hasToken() ? "bearer token required" : "no token: this machine only");
                    return server;
                });
    }

    /**
     * Refuses a configuration that would expose the API beyond this machine without a token.
     *
     * @throws InvalidInputException saying how to fix it
     */
    public static void checkSafeToBind(HttpSettings settings) {
        if (settings.hasToken()) {
            return;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(settings.host());
        } catch (UnknownHostException e) {
            throw new InvalidInputException(HttpSettings.PATH + ".host", "cannot resolve host '" + settings.host()
                    + "'; use an IP address such as 127.0.0.1", e);
        }
        if (!address.isLoopbackAddress()) {
            throw new InvalidInputException(HttpSettings.PATH + ".token", "refusing to listen on " + settings.host()
                    + " without a token: anyone who can reach it could start measurements and searches. Set the"
                    + " environment variable " + HttpSettings.TOKEN_ENV + " (or " + HttpSettings.PATH + ".token),"
                    + " or listen on 127.0.0.1");
        }
    }

    /** The address actually bound; with port 0 in the settings, the port picked. */
    public InetSocketAddress address() {
        return binding.localAddress();
    }

    /** {@code http://host:port}, without the version prefix. */
    public String baseUrl() {
        InetSocketAddress bound = address();
        String host = bound.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + bound.getPort();
    }

    /**
     * Closes the port, then lets requests in flight finish for up to the shutdown deadline; the actor system
     * keeps running.
     */
    public CompletionStage<Done> stop() {
        log.info("closing the API on {}", baseUrl());
        return binding.terminate(settings.shutdownDeadline()).thenApply(terminated -> Done.getInstance());
    }
}
