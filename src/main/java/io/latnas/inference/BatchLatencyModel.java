package io.latnas.inference;

import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.List;

/**
 * Something that predicts the latency of many architectures of one search space on one hardware target
 * in one call: a trained latency predictor, or a latency source seen as one ({@link LatencySourceModel}).
 * A predictor that covers several hardware targets is served as one model per target.
 *
 * <p>Implementations are thread-safe and deterministic: the same architecture and batch size always get
 * the same number, which is what lets a cache stand in front of them.
 */
public interface BatchLatencyModel {

    /**
     * Stable id the model is asked for by, e.g. {@code simulated:rtx2080ti@ofa-mbv3-w1.0}; cached answers
     * are filed under it.
     */
    String id();

    /** The hardware id whose latencies it predicts (a catalog id such as {@code rtx2080ti}). */
    String hardwareId();

    /** The space whose architectures it answers for. */
    SearchSpace space();

    /**
     * Latency in milliseconds of each architecture on a batch of {@code batchSize} images, in the order
     * given; one entry per architecture.
     *
     * @throws RuntimeException when the model cannot answer (an unsupported batch size, a missing table
     *                          entry); the message says why, and no number is made up instead
     */
    double[] predictMs(List<Architecture> archs, int batchSize);
}
