/**
 * Latency sources behind one interface: the simulated roofline device, OFA's lookup-table device,
 * and the replay device over measured CSV files. Depends on {@code space}, {@code cost} and
 * {@code hardware}, and on {@code dataset}'s CSV reader for the replay device; knows nothing of
 * actors or HTTP.
 */
package io.latnas.latency;
