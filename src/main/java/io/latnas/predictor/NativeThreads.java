package io.latnas.predictor;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many native threads ND4J uses for its operations and OpenBLAS for matrix products. ND4J starts
 * with {@code OMP_NUM_THREADS}; an entry point that knows its machine sets it here once. On a small
 * network more threads help only large matrices, and threads beyond the free cores make every step
 * slower, because OpenMP workers spin while they wait for one another.
 */
public final class NativeThreads {

    private NativeThreads() {
    }

    /** Sets ND4J's and OpenBLAS's thread counts. */
    public static void use(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be at least 1");
        }
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** ND4J's current thread count. */
    public static int current() {
        return Nd4j.getEnvironment().maxThreads();
    }
}
