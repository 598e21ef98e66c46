package io.latnas.measure.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * MobileNetV3's hard sigmoid, {@code relu6(x + 3) / 6} (OFA's {@code Hsigmoid}, squeeze-excitation's
 * gate). Not DL4J's {@code HARDSIGMOID}, which is {@code clip(0.2x + 0.5, 0, 1)} and saturates at
 * +-2.5. The gradient follows PyTorch's {@code hardsigmoid_backward}: 1/6 strictly inside (-3, 3), 0 elsewhere.
 */
public final class ActivationHSigmoid extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    /** Applies the function in place and returns {@code in}. */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return Transforms.relu6(in.addi(3.0), false).divi(6.0);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        DataType type = in.dataType();
        INDArray slope = in.gt(-3.0).castTo(type).muli(in.lt(3.0).castTo(type)).divi(6.0);
        return new Pair<>(slope.muli(epsilon), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationHSigmoid;
    }

    @Override
    public int hashCode() {
        return ActivationHSigmoid.class.hashCode();
    }

    @Override
    public String toString() {
        return "hsigmoid";
    }
}
