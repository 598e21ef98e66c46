package io.latnas.search;

/**
 * A progress event: one generation of one constraint's run has finished.
 *
 * @param constraintIndex position of the constraint in the request
 * @param constraintMs    the constraint
 * @param generations     generations this run will do if not cancelled
 * @param stats           the generation just finished
 */
public record SearchProgress(int constraintIndex, double constraintMs, int generations, GenerationStats stats) {
}
