/**
 * Gatling simulations (Java DSL) that load a running LatencyNAS server over HTTP: single and batched
 * predictions at a target rate and concurrent searches checked for correct results. Depends on Gatling
 * only, never on the server's classes, so that it measures what any HTTP client sees.
 */
package io.latnas.load;
