package io.latnas.tune;

/** Opens a {@link Trial} for a configuration. Called from several threads; each trial is used by one at a time. */
@FunctionalInterface
public interface TrialFactory {

    Trial open(GridPoint point);
}
