package io.latnas.tune;

/**
 * One configuration of the grid.
 *
 * @param index        position in the grid's enumeration; breaks ties between equal losses
 * @param learningRate SGD step size
 * @param weightDecay  L2 penalty
 * @param momentum     Nesterov momentum
 */
public record GridPoint(int index, double learningRate, double weightDecay, double momentum) {

    @Override
    public String toString() {
        return "lr=" + learningRate + " wd=" + weightDecay + " m=" + momentum;
    }
}
