package io.latnas.measure.external;

import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeterProtocolTest {

    private static Architecture uniform(int k, int e, int d, int r) {
        return Architecture.uniform(k, e, d, r);
    }

    @Test
    void helloNamesTheProtocolVersion() {
        assertThat(MeterProtocol.hello()).isEqualTo("{\"hello\":\"latnas\",\"protocol\":1}");
    }

    @Test
    void aRequestCarriesOfaJsonBatchSpaceAndWidthOnOneLine() {
        String request = MeterProtocol.request("7", uniform(3, 4, 2, 160), 8, SearchSpaces.OFA_W12);

        assertThat(request).isEqualTo("{\"id\":\"7\",\"arch\":{"
                + "\"ks\":[3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0,3,3,0,0],"
                + "\"e\":[4,4,0,0,4,4,0,0,4,4,0,0,4,4,0,0,4,4,0,0],"
                + "\"d\":[2,2,2,2,2],\"r\":[160]},"
                + "\"batch\":8,\"space\":\"ofa-mbv3-w1.2\",\"width\":1.2}");
    }

    @Test
    void readsTheDeviceOfAHandshakeReply() throws AttemptFailure {
        assertThat(MeterProtocol.device("{\"hello\":\"m\",\"protocol\":1,\"device\":{\"name\":\"Pixel 4\"}}"))
                .isEqualTo("{\"name\":\"Pixel 4\"}");
        assertThat(MeterProtocol.device("{\"hello\":\"m\",\"protocol\":1,\"device\":\"RTX 2080 Ti\"}"))
                .isEqualTo("\"RTX 2080 Ti\"");
    }

    @Test
    void refusesHandshakeRepliesWithoutDeviceOrHelloOrWithAnError() {
        assertThatThrownBy(() -> MeterProtocol.device("{\"hello\":\"m\",\"protocol\":1}"))
                .hasMessageContaining("needs 'device'");
        assertThatThrownBy(() -> MeterProtocol.device("{\"protocol\":1,\"device\":\"x\"}"))
                .hasMessageContaining("lacks 'hello'");
        assertThatThrownBy(() -> MeterProtocol.device("{\"error\":\"no CUDA device\"}"))
                .hasMessage("the meter refused the handshake: no CUDA device");
        assertThatThrownBy(() -> MeterProtocol.device("{\"hello\":\"m\",\"device\":\"x\"}"))
                .hasMessageContaining("the meter speaks protocol (none given)");
    }

    @Test
    void readsALatencyAndItsMeta() throws AttemptFailure {
        MeterProtocol.Reply reply = MeterProtocol.reply(
                "{\"id\":\"3\",\"latency_ms\":12.5,\"meta\":{\"runs\":50}}", "3");

        assertThat(reply).isEqualTo(new MeterProtocol.Latency(12.5, "{\"runs\":50}"));
        assertThat(MeterProtocol.reply("{\"id\":\"3\",\"latency_ms\":4}", "3"))
                .isEqualTo(new MeterProtocol.Latency(4, "{}"));
    }

    @Test
    void anErrorReplyCarriesTheMetersMessageOnOneLine() throws AttemptFailure {
        assertThat(MeterProtocol.reply("{\"id\":\"3\",\"error\":\"out of\\nmemory\"}", "3"))
                .isEqualTo(new MeterProtocol.Rejected("out of memory"));
    }

    @Test
    void trailingTextAfterTheObjectIsNotAReply() {
        assertThatThrownBy(() -> MeterProtocol.reply("{\"id\":\"3\",\"latency_ms\":4} 5", "3"))
                .isInstanceOf(AttemptFailure.class)
                .hasMessageContaining("not a JSON object");
    }

    @Test
    void aReplyWithoutIdOrWithANumericIdIsOutOfStep() {
        assertThatThrownBy(() -> MeterProtocol.reply("{\"latency_ms\":4}", "3"))
                .hasMessageContaining("answered without an id while request '3' awaited its reply");
        assertThatThrownBy(() -> MeterProtocol.reply("{\"id\":3,\"latency_ms\":4}", "3"))
                .hasMessageContaining("answered request 3 while");
    }

    @Test
    void aMetaThatIsNotAnObjectMakesTheLatencyUnusable() throws AttemptFailure {
        assertThat(MeterProtocol.reply("{\"id\":\"3\",\"latency_ms\":4,\"meta\":[1]}", "3"))
                .isEqualTo(new MeterProtocol.InvalidLatency("meta must be a JSON object; got [1]"));
    }

    @Test
    void quotesLongOrControlCharacterLinesShortAndOnOneLine() {
        assertThat(MeterProtocol.quote("a\tb")).isEqualTo("'a\\u0009b'");
        assertThat(MeterProtocol.quote("x".repeat(1000))).endsWith("... (1000 chars)'").hasSizeLessThan(200);
    }
}
