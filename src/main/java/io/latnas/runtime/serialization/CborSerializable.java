package io.latnas.runtime.serialization;

/**
 * Marks a message that may cross from one node to another. {@code conf/pekko.conf} binds it to
 * Pekko's Jackson CBOR serializer; a message that only an actor sends itself stays unmarked.
 */
public interface CborSerializable {
}
