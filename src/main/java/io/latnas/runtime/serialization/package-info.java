/**
 * How messages cross nodes: the {@code CborSerializable} marker that {@code conf/pekko.conf} binds to
 * Jackson CBOR, and the Jackson module that carries architectures in OFA's JSON form. Depends only on
 * {@code space} and Jackson.
 */
package io.latnas.runtime.serialization;
