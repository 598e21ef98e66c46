package io.latnas.runtime.search;

/** A search request that cannot be run, with the code, the field at fault and a sentence saying why. */
final class SearchRejection extends RuntimeException {

    private final RejectionCode code;
    private final String field;

    SearchRejection(RejectionCode code, String field, String reason) {
        super(reason, null, false, false);
        this.code = code;
        this.field = field;
    }

    RejectionCode code() {
        return code;
    }

    String field() {
        return field;
    }
}
