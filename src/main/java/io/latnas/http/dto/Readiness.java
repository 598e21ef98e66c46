package io.latnas.http.dto;

import java.util.List;

/**
 * {@code GET /v1/ready} when the node is ready: its roles and the measurement actors it runs.
 */
public record Readiness(boolean ready, List<String> roles, List<MeasurementActorView> measurementActors) {
}
