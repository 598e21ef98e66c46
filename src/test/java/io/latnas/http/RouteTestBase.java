package io.latnas.http;

import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.RouteResult;
import org.apache.pekko.http.javadsl.testkit.RouteTest;
import org.apache.pekko.http.javadsl.testkit.TestRouteResult;
import org.apache.pekko.stream.Materializer;
import org.junit.jupiter.api.Assertions;
import scala.concurrent.Future;
import scala.concurrent.duration.FiniteDuration;

import java.util.concurrent.TimeUnit;

/**
 * Pekko HTTP's route testkit under JUnit 5 (its own base class is written for JUnit 4), running routes
 * on the actor system of a {@link TestNode}.
 */
abstract class RouteTestBase extends RouteTest {

    protected abstract TestNode node();

    @Override
    public org.apache.pekko.actor.ActorSystem system() {
        return Adapter.toClassic(node().system());
    }

    @Override
    public Materializer materializer() {
        return Materializer.matFromSystem(system());
    }

    @Override
    public FiniteDuration awaitDuration() {
        return FiniteDuration.apply(15, TimeUnit.SECONDS);
    }

    @Override
    public TestRouteResult createTestRouteResultAsync(HttpRequest request, Future<RouteResult> result) {
        return new TestRouteResult(result, awaitDuration(), system().dispatcher(), materializer()) {
            @Override
            public void fail(String message) {
                Assertions.fail(message);
            }

            @Override
            public void assertEquals(Object expected, Object actual, String message) {
                Assertions.assertEquals(expected, actual, message);
            }

            @Override
            public void assertEquals(int expected, int actual, String message) {
                Assertions.assertEquals(expected, actual, message);
            }

            @Override
            public void assertTrue(boolean predicate, String message) {
                Assertions.assertTrue(predicate, message);
            }
        };
    }
}
