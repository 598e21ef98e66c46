package io.latnas.runtime;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProxyTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final AtomicInteger KEYS = new AtomicInteger();
    private static ActorTestKit testKit;

    @BeforeAll
    static void start() {
        testKit = ActorTestKit.create("ServiceProxyTest", RuntimeFixtures.config());
    }

    @AfterAll
    static void stop() {
        testKit.shutdownTestKit();
    }

    private static ServiceKey<String> key() {
        return ServiceKey.create(String.class, "proxied-" + KEYS.incrementAndGet());
    }

    private static ActorRef<String> proxy(ServiceKey<String> key) {
        return testKit.<Object>spawn(ServiceProxy.create(key, String.class)).unsafeUpcast();
    }

    private static void register(ServiceKey<String> key, TestProbe<String> instance) {
        TestProbe<Receptionist.Registered> registered = testKit.createTestProbe();
        testKit.system().receptionist().tell(Receptionist.register(key, instance.ref(), registered.ref()));
        registered.receiveMessage(WAIT);
    }

    @Test
    void holdsMessagesUntilAnInstanceIsListedThenDeliversThemInOrder() {
        ServiceKey<String> key = key();
        ActorRef<String> proxy = proxy(key);
        proxy.tell("first");
        proxy.tell("second");
        TestProbe<String> instance = testKit.createTestProbe();

        register(key, instance);

        assertThat(instance.receiveMessage(WAIT)).isEqualTo("first");
        assertThat(instance.receiveMessage(WAIT)).isEqualTo("second");
    }

    @Test
    void keepsToOneInstanceWhileItIsListedAndMovesOnWhenItGoes() {
        ServiceKey<String> key = key();
        TestProbe<String> a = testKit.createTestProbe();
        TestProbe<String> b = testKit.createTestProbe();
        register(key, a);
        register(key, b);
        ActorRef<String> proxy = proxy(key);

        for (int i = 0; i < 4; i++) {
            proxy.tell("search-" + i);
        }
        TestProbe<String> chosen = a.ref().path().toString().compareTo(b.ref().path().toString()) < 0 ? a : b;
        TestProbe<String> other = chosen == a ? b : a;
        for (int i = 0; i < 4; i++) {
            assertThat(chosen.receiveMessage(WAIT)).isEqualTo("search-" + i);
        }
        other.expectNoMessage(Duration.ofMillis(200));

        chosen.stop();
        chosen.awaitAssert(WAIT, () -> {
            proxy.tell("after");
            assertThat(other.receiveMessage(Duration.ofMillis(500))).isEqualTo("after");
            return null;
        });
    }
}
