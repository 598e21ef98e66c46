/**
 * External meters: latency sources backed by a user-given command that measures on hardware the JVM
 * cannot drive (a phone over adb, a GPU box running PyTorch), spoken to over a JSON line protocol on
 * its stdin and stdout (docs/EXTERNAL_METERS.md). Depends on {@code space}, {@code latency},
 * {@code common}, Jackson and Typesafe Config; knows nothing of actors or HTTP.
 */
package io.latnas.measure.external;
