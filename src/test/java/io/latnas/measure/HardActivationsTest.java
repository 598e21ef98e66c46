package io.latnas.measure;

import io.latnas.measure.dl4j.ActivationHSigmoid;
import io.latnas.measure.dl4j.ActivationHSwish;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** MobileNetV3's hard swish and hard sigmoid against their formulas, forward and backward. */
class HardActivationsTest {

    /** -8..8 in steps of 1/16: exact in binary, so the kinks at -3 and +3 are hit exactly. */
    private static final double[] POINTS = points();

    private static double[] points() {
        double[] x = new double[257];
        for (int i = 0; i < x.length; i++) {
            x[i] = -8 + i / 16.0;
        }
        return x;
    }

    private static double relu6(double x) {
        return Math.min(Math.max(x, 0), 6);
    }

    private static double hSwish(double x) {
        return x * relu6(x + 3) / 6;
    }

    private static double hSigmoid(double x) {
        return relu6(x + 3) / 6;
    }

    /** PyTorch's hardswish_backward: 0 below -3, x/3 + 0.5 on [-3, 3], 1 above. */
    private static double hSwishSlope(double x) {
        return x < -3 ? 0 : x <= 3 ? x / 3 + 0.5 : 1;
    }

    /** PyTorch's hardsigmoid_backward: 1/6 strictly inside (-3, 3), else 0. */
    private static double hSigmoidSlope(double x) {
        return x > -3 && x < 3 ? 1 / 6.0 : 0;
    }

    @Test
    void hardSwishIsXTimesRelu6OfXPlus3Over6() {
        assertForward(new ActivationHSwish(), HardActivationsTest::hSwish, DataType.DOUBLE, 1e-12);
        assertForward(new ActivationHSwish(), HardActivationsTest::hSwish, DataType.FLOAT, 1e-6);
    }

    @Test
    void hardSigmoidIsRelu6OfXPlus3Over6NotDl4jsHardSigmoid() {
        assertForward(new ActivationHSigmoid(), HardActivationsTest::hSigmoid, DataType.DOUBLE, 1e-12);
        assertForward(new ActivationHSigmoid(), HardActivationsTest::hSigmoid, DataType.FLOAT, 1e-6);
        // DL4J's HARDSIGMOID is clip(0.2x + 0.5): 1 already at 2.5, where MobileNet's is 11/12
        INDArray at = Nd4j.createFromArray(2.5);
        assertThat(new ActivationHSigmoid().getActivation(at, false).getDouble(0)).isCloseTo(5.5 / 6, within(1e-12));
    }

    @Test
    void kinksTakeTheValuesOfTheFormulas() {
        INDArray kinks = Nd4j.createFromArray(-3.0, 3.0);
        double[] swish = new ActivationHSwish().getActivation(kinks.dup(), false).toDoubleVector();
        double[] sigmoid = new ActivationHSigmoid().getActivation(kinks.dup(), false).toDoubleVector();
        // -3 * 0 is -0.0, as in PyTorch; equal to 0 as a number
        assertThat(swish[0]).isCloseTo(0.0, within(0.0));
        assertThat(swish[1]).isEqualTo(3.0);
        assertThat(sigmoid[0]).isEqualTo(0.0);
        assertThat(sigmoid[1]).isEqualTo(1.0);
    }

    @Test
    void hardSwishGradientFollowsPytorchIncludingAtTheKinks() {
        assertBackward(new ActivationHSwish(), HardActivationsTest::hSwishSlope);
        assertThat(slopesAt(new ActivationHSwish(), -3.0, 3.0)).containsExactly(-0.5, 1.5);
    }

    @Test
    void hardSigmoidGradientIsASixthInsideAndZeroFromTheKinksOut() {
        assertBackward(new ActivationHSigmoid(), HardActivationsTest::hSigmoidSlope);
        assertThat(slopesAt(new ActivationHSigmoid(), -3.0, 3.0)).containsExactly(0.0, 0.0);
    }

    @Test
    void gradientMatchesFiniteDifferencesAwayFromTheKinks() {
        for (IActivation fn : new IActivation[] {new ActivationHSwish(), new ActivationHSigmoid()}) {
            for (double x : POINTS) {
                if (Math.abs(Math.abs(x) - 3) < 1e-3) {
                    continue;
                }
                double h = 1e-6;
                double numeric = (value(fn, x + h) - value(fn, x - h)) / (2 * h);
                assertThat(slopesAt(fn, x)[0]).as("%s at %s", fn, x).isCloseTo(numeric, within(1e-6));
            }
        }
    }

    private static double value(IActivation fn, double x) {
        return fn.getActivation(Nd4j.createFromArray(x), false).getDouble(0);
    }

    private static double[] slopesAt(IActivation fn, double... x) {
        INDArray in = Nd4j.createFromArray(x);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, x.length);
        return fn.backprop(in, ones).getFirst().toDoubleVector();
    }

    private static void assertForward(IActivation fn, DoubleUnaryOperator formula, DataType type, double tolerance) {
        INDArray in = Nd4j.createFromArray(POINTS).castTo(type).reshape(1, 1, 257, 1);
        double[] out = fn.getActivation(in.dup(), false).reshape(257).castTo(DataType.DOUBLE).toDoubleVector();
        for (int i = 0; i < POINTS.length; i++) {
            assertThat(out[i]).as("%s(%s)", fn, POINTS[i])
                    .isCloseTo(formula.applyAsDouble(POINTS[i]), within(tolerance));
        }
    }

    private static void assertBackward(IActivation fn, DoubleUnaryOperator slope) {
        INDArray in = Nd4j.createFromArray(POINTS);
        INDArray epsilon = Nd4j.createFromArray(POINTS).muli(0.5).addi(2);
        double[] grad = fn.backprop(in.dup(), epsilon.dup()).getFirst().toDoubleVector();
        for (int i = 0; i < POINTS.length; i++) {
            double expected = slope.applyAsDouble(POINTS[i]) * (POINTS[i] * 0.5 + 2);
            assertThat(grad[i]).as("%s'(%s)", fn, POINTS[i]).isCloseTo(expected, within(1e-12));
        }
    }
}
