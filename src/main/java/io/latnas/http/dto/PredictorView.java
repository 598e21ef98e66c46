package io.latnas.http.dto;

/** A model the predictor pool serves: its id and what it predicts for. */
public record PredictorView(String id, String hardware, String space) {
}
