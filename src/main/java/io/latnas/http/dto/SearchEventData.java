package io.latnas.http.dto;

/**
 * The data of the server-sent events of {@code GET /v1/searches/{id}/events} that are not a whole
 * {@link SearchView}.
 */
public final class SearchEventData {

    private SearchEventData() {
    }

    /** Event {@code started}: a queued search began. */
    public record Started(String id, String startedAt) {
    }

    /** Event {@code generation}: a generation finished. */
    public record Generation(String id, SearchView.Progress progress) {
    }

    /** Event {@code constraint}: the run for one constraint finished. */
    public record Constraint(String id, int constraintIndex, SearchView.Outcome outcome) {
    }
}
