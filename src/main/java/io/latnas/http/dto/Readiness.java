package io.latnas.http.dto;

import java.util.List;

/**
 * {@code GET /v1/ready} when the node is ready: its roles, the measurement actors it runs and the models
 * its predictor pool serves (empty without the predict role).
 */
public record Readiness(boolean ready, List<String> roles, List<MeasurementActorView> measurementActors,
                        List<String> predictors) {
}
