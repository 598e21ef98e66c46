package io.latnas.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The answer to {@code POST /v1/predictions}: {@code latencyMs} for one architecture, {@code latenciesMs}
 * (in the request's order) for a list.
 *
 * @param cacheHits architectures the node-wide cache answered
 * @param misses    architectures that needed a model call
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PredictionResult(String model, String hardware, String space, int batch, Double latencyMs,
                               List<Double> latenciesMs, int cacheHits, int misses) {
}
