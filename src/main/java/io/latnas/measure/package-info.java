/**
 * Measuring latency on this machine: the local DL4J meter (whole subnets and single blocks, with the
 * spread and the conditions of every measurement), OFA's lookup-table builder with its additivity
 * check and its cost beside a predictor dataset's, and the noise floor of repeated measurements.
 * Depends on {@code space}, {@code cost}, {@code latency} and {@code measure.dl4j}; knows nothing of actors.
 */
package io.latnas.measure;
