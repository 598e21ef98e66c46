package io.latnas.runtime.serialization;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.latnas.space.Architecture;
import io.latnas.space.ArchitectureCodec;
import io.latnas.space.InvalidArchitectureException;

import java.io.IOException;

/**
 * Lets Jackson carry an {@link Architecture} in OFA's JSON form ({@link ArchitectureCodec#toJsonNode}),
 * in JSON and CBOR alike. Registered with Pekko's serializer in {@code conf/pekko.conf}.
 *
 * <p>Reading checks only the shape ({@link Architecture#of}); which space an architecture belongs to is
 * the receiver's business, as a measurement actor validates against the space it measures.
 */
public final class ArchitectureJacksonModule extends SimpleModule {

    public ArchitectureJacksonModule() {
        super("latnas-architecture");
        addSerializer(Architecture.class, new ArchitectureSerializer());
        addDeserializer(Architecture.class, new ArchitectureDeserializer());
    }

    private static final class ArchitectureSerializer extends StdSerializer<Architecture> {

        ArchitectureSerializer() {
            super(Architecture.class);
        }

        @Override
        public void serialize(Architecture arch, JsonGenerator gen, SerializerProvider provider) throws IOException {
            provider.defaultSerializeValue(ArchitectureCodec.toJsonNode(arch), gen);
        }
    }

    private static final class ArchitectureDeserializer extends StdDeserializer<Architecture> {

        ArchitectureDeserializer() {
            super(Architecture.class);
        }

        @Override
        public Architecture deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode node = parser.readValueAsTree();
            try {
                JsonNode r = node.path("r");
                int resolution = r.isArray() ? r.path(0).asInt(-1) : r.asInt(-1);
                return Architecture.of(ints(node, "ks"), ints(node, "e"), ints(node, "d"), resolution);
            } catch (InvalidArchitectureException e) {
                throw JsonMappingException.from(parser, "not an architecture: " + e.getMessage(), e);
            }
        }

        private static int[] ints(JsonNode node, String field) {
            JsonNode list = node.path(field);
            if (!list.isArray()) {
                return null;
            }
            int[] values = new int[list.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = list.get(i).asInt();
            }
            return values;
        }
    }
}
