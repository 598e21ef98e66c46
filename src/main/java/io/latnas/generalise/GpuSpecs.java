package io.latnas.generalise;

import io.latnas.common.InvalidInputException;
import io.latnas.encoding.GpuGeneralisedEncoder;
import io.latnas.hardware.HardwareProfile;

/** The raw hardware features {@link GpuGeneralisedEncoder} reads, from a catalog profile. */
public final class GpuSpecs {

    private GpuSpecs() {
    }

    /**
     * Cores, memory GB, bandwidth GB/s and peak FP32 GFLOP/s: the paper's three (§4.3) and peak throughput.
     *
     * @throws InvalidInputException when the profile is not a GPU
     */
    public static double[] of(HardwareProfile gpu) {
        double[] paper = gpu.gpuFeatures();
        double[] raw = new double[GpuGeneralisedEncoder.RAW_HARDWARE_FEATURES];
        System.arraycopy(paper, 0, raw, 0, paper.length);
        raw[3] = gpu.peakFp32Gflops();
        return raw;
    }
}
