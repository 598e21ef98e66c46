/**
 * Latency sources behind one interface: the simulated roofline device, OFA's lookup-table device,
 * and the replay device over measured CSV files. Depends on {@code space}, {@code cost} and
 * {@code hardware}; knows nothing of actors or HTTP.
 */
package io.latnas.latency;
