package io.latnas.predictor;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many native threads ND4J's own kernels (OpenMP) and OpenBLAS's matrix products use. Both start
 * from {@code OMP_NUM_THREADS}; an entry point that knows its machine sets them here. On a network
 * this small extra threads help only the matrix products, and OpenMP workers spin while they wait for
 * one another: when another process holds a core, a training step with two element-wise threads runs
 * several times slower than with one. ({@code Nd4j.getEnvironment().setMaxThreads} does not change
 * the thread count in this ND4J version; the OpenMP setting below does.)
 */
public final class NativeThreads {

    private NativeThreads() {
    }

    /** Uses {@code threads} threads for both ND4J's kernels and OpenBLAS. */
    public static void use(int threads) {
        use(threads, threads);
    }

    /** Uses {@code elementwiseThreads} OpenMP threads for ND4J's kernels and {@code blasThreads} for OpenBLAS. */
    public static void use(int elementwiseThreads, int blasThreads) {
        if (elementwiseThreads < 1 || blasThreads < 1) {
            throw new IllegalArgumentException("thread counts " + elementwiseThreads + " and " + blasThreads
                    + " must be at least 1");
        }
        nativeOps().setOmpNumThreads(elementwiseThreads);
        Nd4j.factory().blas().setMaxThreads(blasThreads);
    }

    /** The OpenMP thread count ND4J's kernels use now. */
    public static int elementwiseThreads() {
        return nativeOps().ompGetMaxThreads();
    }

    private static NativeOps nativeOps() {
        // The native library is loaded with ND4J's backend; touching the executioner loads it first.
        Nd4j.getExecutioner();
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }

    /** The thread count OpenBLAS uses now. */
    public static int blasThreads() {
        return Nd4j.factory().blas().getMaxThreads();
    }
}
