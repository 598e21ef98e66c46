package io.latnas.tune;

/** One configuration being trained; ASHA asks it to reach more epochs each time it is promoted. */
public interface Trial {

    /**
     * Trains to {@code epochs} in total (epochs only grow between calls) and returns the validation
     * loss there; lower is better, and a diverged trial returns {@link Double#POSITIVE_INFINITY}.
     */
    double trainTo(int epochs);
}
