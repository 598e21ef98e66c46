package io.latnas.http.dto;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/datasets/{id}}: a dataset job's progress and, once it ended, its outcome.
 *
 * @param state          {@code starting}, {@code running} or {@code finished}
 * @param output         the file's name in the server's data directory
 * @param planned        architectures drawn (the count, or fewer for a smaller space); null until started
 * @param alreadyPresent drawn architectures the file already had a row for; null until started
 * @param measured       rows this job wrote
 * @param failed         architectures given up on
 * @param rows           rows the file holds for this job's target: already present plus measured
 * @param measuredBy     rows per measurement actor (its address): where the dataset was measured
 * @param outcome        once finished: {@code completed}, {@code no_measurement_actors} or {@code file_error}
 * @param message        once finished: what happened, in a sentence
 * @param failures       the first architectures given up on, with why
 */
public record DatasetStatus(String id, String state, String output, String space, String hardware, int batch,
                            int count, long seed, Integer planned, Integer alreadyPresent, int measured, int failed,
                            int inFlight, int waiting, int actors, int rows, Map<String, Long> measuredBy,
                            String outcome, String message, List<Failure> failures) {

    /** An architecture given up on, in OFA's JSON form. */
    public record Failure(JsonNode architecture, String reason) {
    }
}
