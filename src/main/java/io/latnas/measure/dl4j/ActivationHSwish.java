package io.latnas.measure.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * MobileNetV3's hard swish, {@code x * relu6(x + 3) / 6} (Howard et al. 2019, eq. 2; OFA's
 * {@code Hswish}), which DL4J lacks. The gradient follows PyTorch's {@code hardswish_backward}:
 * 0 below -3, {@code x / 3 + 0.5} on [-3, 3] (kinks included), 1 above 3.
 */
public final class ActivationHSwish extends BaseActivationFunction {

    private static final long serialVersionUID = 1L;

    /** Applies the function in place and returns {@code in}. */
    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray gate = Transforms.relu6(in.add(3.0), false).divi(6.0);
        return in.muli(gate);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        DataType type = in.dataType();
        INDArray inside = in.gte(-3.0).castTo(type).muli(in.lte(3.0).castTo(type));
        INDArray slope = in.div(3.0).addi(0.5).muli(inside).addi(in.gt(3.0).castTo(type));
        return new Pair<>(slope.muli(epsilon), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationHSwish;
    }

    @Override
    public int hashCode() {
        return ActivationHSwish.class.hashCode();
    }

    @Override
    public String toString() {
        return "hswish";
    }
}
