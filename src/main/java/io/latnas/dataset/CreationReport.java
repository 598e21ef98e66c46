package io.latnas.dataset;

/**
 * What {@link DatasetCreator#create} did.
 *
 * @param requested    architectures asked for
 * @param created      distinct architectures measured and handed to the sink
 * @param draws        samples drawn from the space, repeats included
 * @param message      one line for a person: the count, or why it stopped short
 */
public record CreationReport(int requested, int created, long draws, String message) {

    /** Whether every requested architecture was created. */
    public boolean complete() {
        return created == requested;
    }
}
