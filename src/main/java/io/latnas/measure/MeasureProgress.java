package io.latnas.measure;

/** Told after each measurement of a long run (a lookup-table build, a dataset sample, a noise floor). */
@FunctionalInterface
public interface MeasureProgress {

    /** Reports nothing. */
    MeasureProgress NONE = (done, total, measurement) -> { };

    /**
     * @param done        measurements finished so far, this one included
     * @param total       measurements the run will take
     * @param measurement the one just finished
     */
    void measured(int done, int total, Measurement measurement);
}
