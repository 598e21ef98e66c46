/**
 * The measurement service: one actor per served device wraps a latency source (simulated, lookup
 * table, replay, external meter, later the local DL4J meter), measures one architecture at a time on a
 * dedicated dispatcher and registers with the Receptionist by hardware and space. Depends on
 * {@code latency}, {@code measure.external}, {@code space} and {@code runtime.serialization}.
 */
package io.latnas.runtime.measure;
