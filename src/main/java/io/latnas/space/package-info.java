/**
 * Search spaces of OFA and CompOFA subnets (paper §4.1.1): the {@code Architecture} value type,
 * validation, OFA's evolutionary operators, and the JSON and CSV forms. Plain Java; depends only on
 * {@code common} and Jackson.
 */
package io.latnas.space;
