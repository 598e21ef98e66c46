package io.latnas.http.dto;

/**
 * The answer to {@code POST /v1/predictors} (202): the id the predictor will be served under.
 *
 * @param href the training's status, also in the Location header
 */
public record TrainingAccepted(String id, String state, String href) {
}
