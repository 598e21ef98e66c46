/**
 * The hardware catalog: public specifications of the CPUs, GPUs and phones LatencyNAS predicts for,
 * read once from {@code latnas.hardware} and validated on load. Depends only on {@code common} and
 * Typesafe Config; the latency sources and the GPU-generalised predictors read profiles from here.
 */
package io.latnas.hardware;
