package io.latnas.space;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Set;

/**
 * Reads and writes architectures in OFA's JSON form {@code {"ks":[...],"e":[...],"d":[...],"r":[176]}}
 * and in the dash-separated CSV fields of the help-ofa data ({@code 7-5-0-0-...}). Inactive slots
 * are written as 0 and ignored on reading.
 */
public final class ArchitectureCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_FIELDS = Set.of("ks", "e", "d", "r", "wid");

    private ArchitectureCodec() {
    }

    /** Parses OFA's JSON form and validates it against {@code space}. */
    public static Architecture fromJson(String json, SearchSpace space) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidArchitectureException(null, "malformed architecture JSON: "
                    + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidArchitectureException(null, "empty architecture JSON");
        }
        return fromJson(node, space);
    }

    /** Reads an already parsed OFA JSON object and validates it against {@code space}. */
    public static Architecture fromJson(JsonNode node, SearchSpace space) {
        if (!node.isObject()) {
            throw new InvalidArchitectureException(null,
                    "an architecture must be a JSON object with ks, e, d and r; got " + node.getNodeType());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!KNOWN_FIELDS.contains(name)) {
                throw new InvalidArchitectureException(name, "unknown field '" + name
                        + "' in architecture JSON; expected ks, e, d and r");
            }
        }
        int[] ks = intList(node, "ks");
        int[] e = intList(node, "e");
        int[] d = intList(node, "d");
        JsonNode rNode = node.get("r");
        if (rNode == null) {
            throw new InvalidArchitectureException("r", "architecture JSON lacks 'r'");
        }
        int r;
        if (rNode.isArray()) {
            if (rNode.size() != 1) {
                throw new InvalidArchitectureException("r", "r must be a number or a one-element list; got "
                        + rNode.size() + " elements");
            }
            r = intValue(rNode.get(0), "r");
        } else {
            r = intValue(rNode, "r");
        }
        return space.architecture(ks, e, d, r);
    }

    private static int[] intList(JsonNode node, String field) {
        JsonNode list = node.get(field);
        if (list == null) {
            throw new InvalidArchitectureException(field, "architecture JSON lacks '" + field + "'");
        }
        if (!list.isArray()) {
            throw new InvalidArchitectureException(field, field + " must be a list of integers; got " + list);
        }
        int[] values = new int[list.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = intValue(list.get(i), field + "[" + i + "]");
        }
        return values;
    }

    private static int intValue(JsonNode v, String field) {
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw new InvalidArchitectureException(field, field + " must be an integer; got " + v);
        }
        return v.asInt();
    }

    /** OFA's JSON object for an architecture, inactive slots as 0 and r as a one-element list. */
    public static ObjectNode toJsonNode(Architecture arch) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode ks = node.putArray("ks");
        ArrayNode e = node.putArray("e");
        for (int i = 0; i < Architecture.MAX_LAYERS; i++) {
            ks.add(arch.kernelSize(i));
            e.add(arch.expandRatio(i));
        }
        ArrayNode d = node.putArray("d");
        for (int s = 0; s < Architecture.STAGES; s++) {
            d.add(arch.depth(s));
        }
        node.putArray("r").add(arch.resolution());
        return node;
    }

    /** OFA's JSON on one line. */
    public static String toJson(Architecture arch) {
        return toJsonNode(arch).toString();
    }

    /** Parses the help-ofa CSV fields ({@code ks}, {@code e}, {@code d} dash-separated; {@code r}) against {@code space}. */
    public static Architecture fromCsvFields(String ks, String e, String d, String r, SearchSpace space) {
        int res;
        try {
            res = Integer.parseInt(r.trim());
        } catch (NumberFormatException ex) {
            throw new InvalidArchitectureException("r", "r='" + r + "' is not an integer");
        }
        return space.architecture(undash(ks, "ks"), undash(e, "e"), undash(d, "d"), res);
    }

    private static int[] undash(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidArchitectureException(field, field + " is empty");
        }
        String[] parts = text.trim().split("-", -1);
        int[] values = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException ex) {
                throw new InvalidArchitectureException(field + "[" + i + "]",
                        field + "[" + i + "]='" + parts[i] + "' is not an integer (in '" + text + "')");
            }
        }
        return values;
    }

    /** Dash-separated values, as in the help-ofa CSV. */
    public static String dashed(int[] values) {
        StringBuilder sb = new StringBuilder(values.length * 2);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                sb.append('-');
            }
            sb.append(values[i]);
        }
        return sb.toString();
    }

    /** The four help-ofa CSV fields of an architecture: ks, e, d, r. */
    public static String[] toCsvFields(Architecture arch) {
        return new String[] {dashed(arch.kernelSizes()), dashed(arch.expandRatios()), dashed(arch.depths()),
                Integer.toString(arch.resolution())};
    }
}
