package io.latnas.http.dto;

/** {@code GET /v1/health}: the server answers; nothing more is checked. */
public record Health(String status) {

    public static final Health OK = new Health("ok");
}
