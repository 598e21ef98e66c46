package io.latnas.http.dto;

/**
 * The answer to {@code DELETE /v1/searches/{id}} (202): a queued search is cancelled at once; a running one
 * stops after its current generation, keeping the best found so far.
 *
 * @param stateBefore {@code queued} or {@code running}
 */
public record SearchCancellation(String id, String stateBefore, String href) {
}
