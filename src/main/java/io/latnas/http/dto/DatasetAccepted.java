package io.latnas.http.dto;

/**
 * The answer to {@code POST /v1/datasets} (202): where to follow the job.
 *
 * @param href the job's status, also in the Location header
 */
public record DatasetAccepted(String id, String state, String output, String href) {
}
