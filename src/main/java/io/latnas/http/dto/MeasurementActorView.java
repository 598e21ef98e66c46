package io.latnas.http.dto;

/**
 * A measurement actor as {@code /v1/ready} and {@code /v1/cluster} show it.
 *
 * @param actor  its address
 * @param state  {@code opening}, {@code ready}, or {@code unknown} when it did not answer in time
 * @param queued requests waiting behind the one being measured
 */
public record MeasurementActorView(String actor, String hardware, String space, String source, String state,
                                   boolean measuring, int queued, int queueSize) {
}
