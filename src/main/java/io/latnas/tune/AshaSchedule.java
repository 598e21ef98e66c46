package io.latnas.tune;

import io.latnas.common.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * The rungs of Asynchronous Successive Halving (Li et al. 2020, used by the paper through Ray Tune's
 * ASHA, §4.2.2): rung k trains to {@code grace · eta^k} epochs, the last rung to {@code maxEpochs}.
 *
 * @param eta       reduction factor: the top {@code 1/eta} of a rung is promoted
 * @param grace     epochs of the first rung
 * @param maxEpochs epochs of the last rung
 */
public record AshaSchedule(int eta, int grace, int maxEpochs) {

    public AshaSchedule {
        if (eta < 2) {
            throw new InvalidInputException("--eta", "reduction factor " + eta + " must be at least 2");
        }
        if (grace < 1) {
            throw new InvalidInputException("--grace", "grace period " + grace + " must be at least 1 epoch");
        }
        if (maxEpochs < grace) {
            throw new InvalidInputException("--max-epochs", "max epochs " + maxEpochs + " is below the grace period "
                    + grace);
        }
    }

    /** Epochs of each rung, ascending; the last is {@code maxEpochs}. */
    public List<Integer> rungEpochs() {
        List<Integer> rungs = new ArrayList<>();
        long r = grace;
        while (r < maxEpochs) {
            rungs.add((int) r);
            r *= eta;
        }
        rungs.add(maxEpochs);
        return List.copyOf(rungs);
    }
}
