/**
 * The prediction service: a {@code PredictorPool} per node answers latency queries for the models it
 * serves, merging concurrent requests into batched model calls run by worker actors on a dedicated
 * dispatcher, behind the node-wide {@code LatencyCache}. The batching bookkeeping is plain Java
 * ({@code PredictionQueue}). Depends on {@code inference}, {@code latency}, {@code space} and
 * {@code runtime.serialization}.
 */
package io.latnas.runtime.predict;
