package io.latnas.http.dto;

/**
 * The answer to {@code POST /v1/searches} (202).
 *
 * @param state         {@code running}, or {@code queued} behind other searches
 * @param queuePosition 1 for the next search to start; 0 when it runs already
 * @param href          the search's status, also in the Location header
 * @param events        its server-sent events
 */
public record SearchTicket(String id, String state, int queuePosition, String href, String events) {
}
