package io.latnas.http.dto;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Every rejection's body.
 *
 * @param code    machine-readable, lower snake case ({@code unknown_field}, {@code not_found}, ...)
 * @param field   the field at fault ({@code archs[2].ks[5]}), or {@code null} when the request as a whole is
 * @param message one sentence a person can act on
 */
public record ApiError(String code, @JsonInclude(JsonInclude.Include.ALWAYS) String field, String message) {
}
