/**
 * Dataset builds spread over measurement actors: a short-lived builder per job follows the actors
 * serving its hardware, retries failures elsewhere and appends rows to a resumable long CSV file. The
 * bookkeeping ({@code DatasetPlan}), sampling and file handling are plain Java; depends on
 * {@code dataset}, {@code space} and {@code runtime.measure}.
 */
package io.latnas.runtime.dataset;
