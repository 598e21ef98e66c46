package io.latnas.tune;

/**
 * What a search learnt about one configuration.
 *
 * @param point      the configuration
 * @param rung       the highest rung it reported at (0 = the first), or -1 when it never ran
 * @param epochs     epochs of that rung
 * @param loss       validation loss at that rung
 */
public record TrialRecord(GridPoint point, int rung, int epochs, double loss) {
}
