package io.latnas.measure.external;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.SearchSpace;

/**
 * The lines of the external meter protocol, version {@value #VERSION} (docs/EXTERNAL_METERS.md):
 * writes the handshake and the requests, and reads what a meter answers. Stateless.
 */
final class MeterProtocol {

    static final int VERSION = 1;
    /** Longest quoted excerpt of a meter's line in a failure reason. */
    private static final int EXCERPT = 160;
    /** Longest error message of a meter kept in a failure reason. */
    private static final int MESSAGE = 500;

    /**
     * Python's json module writes NaN and Infinity unless told not to; reading them lets a reply with
     * {@code "latency_ms": NaN} be refused as a bad latency rather than as an unreadable line.
     */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** What a meter answered to a request in step with it. */
    sealed interface Reply permits Latency, Rejected, InvalidLatency {
    }

    /** A latency, with the reply's {@code meta} as one line of JSON. */
    record Latency(double ms, String meta) implements Reply {
    }

    /** The meter's {@code error} for this request. */
    record Rejected(String message) implements Reply {
    }

    /** The reply belongs to this request but its latency cannot be used. */
    record InvalidLatency(String reason) implements Reply {
    }

    private MeterProtocol() {
    }

    /** The first line LatencyNAS writes: who it is and the protocol version it speaks. */
    static String hello() {
        ObjectNode hello = JsonNodeFactory.instance.objectNode();
        hello.put("hello", "latnas");
        hello.put("protocol", VERSION);
        return hello.toString();
    }

    /** One measurement request: OFA's JSON for the architecture, the batch size and the space it belongs to. */
    static String request(String id, Architecture arch, int batchSize, SearchSpace space) {
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.put("id", id);
        request.set("arch", ArchitectureCodec.toJsonNode(arch));
        request.put("batch", batchSize);
        request.put("space", space.id());
        request.put("width", space.widthMultiplier());
        return request.toString();
    }

    /**
     * Reads the meter's answer to the handshake and returns its device description as one line of JSON.
     *
     * @throws AttemptFailure when the line is not a handshake reply of this protocol version
     */
    static String device(String line) throws AttemptFailure {
        JsonNode reply = object(line, "its handshake reply");
        JsonNode error = reply.get("error");
        if (error != null) {
            throw new AttemptFailure("the meter refused the handshake: " + text(error));
        }
        if (!reply.has("hello")) {
            throw new AttemptFailure("the meter's first line lacks 'hello', so it is no handshake reply: " + quote(line));
        }
        JsonNode protocol = reply.get("protocol");
        if (protocol == null || !protocol.isIntegralNumber() || protocol.asInt() != VERSION) {
            throw new AttemptFailure("the meter speaks protocol " + (protocol == null ? "(none given)" : protocol)
                    + "; LatencyNAS speaks protocol " + VERSION);
        }
        JsonNode device = reply.get("device");
        boolean empty = device == null || device.isNull()
                || (device.isTextual() && device.asText().isBlank())
                || (device.isContainerNode() && device.isEmpty());
        if (empty || !(device.isTextual() || device.isObject())) {
            throw new AttemptFailure("the meter's handshake reply needs 'device', a string or object describing"
                    + " the hardware: " + quote(line));
        }
        return device.toString();
    }

    /**
     * Reads the reply to request {@code id}.
     *
     * @throws AttemptFailure when the line is not a JSON object or answers another request, so the meter
     *                        is out of step and must be restarted
     */
    static Reply reply(String line, String id) throws AttemptFailure {
        JsonNode reply = object(line, "a reply to request '" + id + "'");
        JsonNode replyId = reply.get("id");
        if (replyId == null || !replyId.isTextual() || !replyId.asText().equals(id)) {
            throw new AttemptFailure("the meter answered "
                    + (replyId == null ? "without an id" : "request " + replyId) + " while request '" + id
                    + "' awaited its reply: " + quote(line));
        }
        JsonNode error = reply.get("error");
        if (error != null) {
            return new Rejected(text(error));
        }
        JsonNode latency = reply.get("latency_ms");
        if (latency == null) {
            return new InvalidLatency("the reply has neither 'latency_ms' nor 'error': " + quote(line));
        }
        if (!latency.isNumber()) {
            return new InvalidLatency("latency_ms is " + excerpt(latency.toString(), EXCERPT) + ", not a number");
        }
        double ms = latency.asDouble();
        if (!Double.isFinite(ms) || ms <= 0) {
            return new InvalidLatency("latency_ms is " + ms + "; a latency must be a finite positive number");
        }
        JsonNode meta = reply.get("meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            return new InvalidLatency("meta must be a JSON object; got " + excerpt(meta.toString(), EXCERPT));
        }
        return new Latency(ms, meta == null || meta.isNull() ? "{}" : meta.toString());
    }

    private static JsonNode object(String line, String expected) throws AttemptFailure {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new AttemptFailure("the meter printed " + quote(line) + " where " + expected
                    + " belonged; it is not a JSON object (stdout carries protocol lines only)");
        }
        return node;
    }

    private static String text(JsonNode error) {
        String message = error.isTextual() ? error.asText() : error.toString();
        return message.isBlank() ? "(no message)" : excerpt(message.strip().replaceAll("\\s+", " "), MESSAGE);
    }

    /** A meter's line in single quotes, shortened and with control characters escaped. */
    static String quote(String line) {
        return "'" + excerpt(line, EXCERPT) + "'";
    }

    private static String excerpt(String text, int limit) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), limit) + 24);
        int i = 0;
        for (; i < text.length() && out.length() < limit; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < text.length()) {
            out.append("... (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
