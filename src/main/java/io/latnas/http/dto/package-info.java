/**
 * Request and response bodies of the HTTP API as records, read and written with Jackson. Requests check
 * their own fields as they are read, failing with an {@link io.latnas.common.InvalidInputException} that
 * names the field; depends only on the domain packages ({@code space}, {@code hardware}, {@code common}).
 */
package io.latnas.http.dto;
