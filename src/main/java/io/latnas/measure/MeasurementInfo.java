package io.latnas.measure;

/**
 * How a measurement was taken, recorded beside every number so that two numbers can be compared
 * only when they were measured alike.
 *
 * @param hardwareId     the id the meter answers for, e.g. {@code local}
 * @param cpuModel       {@code model name} from /proc/cpuinfo, or the OS architecture where there is none
 * @param logicalCores   processors the JVM sees
 * @param os             OS name, version and architecture
 * @param jvm            JVM name and runtime version
 * @param nd4jBackend    ND4J's backend class, e.g. {@code org.nd4j.linalg.cpu.nativecpu.CpuBackend}
 * @param blasVendor     the BLAS ND4J calls, e.g. {@code OPENBLAS}
 * @param threads        the intra-op thread count the meter asked for
 * @param nd4jThreads    libnd4j's thread limit read back after setting it
 * @param ompThreads     OpenMP's thread limit read back after setting it
 * @param blasThreads    the BLAS thread limit read back after setting it
 * @param warmupRuns     untimed forward passes before the timed ones
 * @param timedRuns      timed forward passes; the latency is their median
 * @param batchSize      images per forward pass
 * @param seed           seed of the random weights and input
 * @param loadAverage    the system's one-minute load average when the measurement started (negative
 *                       when unknown); above the core count, other work shared the CPUs
 */
public record MeasurementInfo(String hardwareId, String cpuModel, int logicalCores, String os, String jvm,
                              String nd4jBackend, String blasVendor, int threads, int nd4jThreads,
                              int ompThreads, int blasThreads, int warmupRuns, int timedRuns, int batchSize,
                              long seed, double loadAverage) {
}
