/**
 * Request and response bodies of the HTTP API as records, read and written with Jackson. Requests check
 * their own fields as they are read, failing with an {@link io.latnas.common.InvalidInputException} that
 * names the field; responses are plain views. Depends on {@code common}, {@code space}, {@code hardware} and,
 * for the dataset job a request becomes, {@code runtime.dataset}; never on actors or Pekko HTTP.
 */
package io.latnas.http.dto;
