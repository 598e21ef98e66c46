/**
 * JMH benchmarks (run with {@code scripts/jmh}); their results are recorded in docs/BENCHMARKS.md.
 * They are compiled with the tests but never run by {@code mvn verify}.
 */
package io.latnas.bench;
