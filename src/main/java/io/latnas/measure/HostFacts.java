package io.latnas.measure;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the machine and the runtime are, read once, and ND4J's process-wide thread limits. */
final class HostFacts {

    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static final String CPU_MODEL = cpuModel();
    static final int LOGICAL_CORES = Runtime.getRuntime().availableProcessors();
    static final String OS_NAME = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch");
    static final String JVM = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");

    private HostFacts() {
    }

    /** The thread limits in force after {@link #setThreads}. */
    record Threads(int nd4j, int omp, int blas) {
    }

    static String nd4jBackend() {
        return Nd4j.getBackend().getClass().getName();
    }

    static String blasVendor() {
        return String.valueOf(Nd4j.factory().blas().getBlasVendor());
    }

    /**
     * Sets every intra-op thread limit nd4j-native 1.0.0-M2.1 has and reads them back. What takes effect:
     * OpenMP's limit ({@code omp_set_num_threads} on the calling thread), which libnd4j's element-wise,
     * pooling and convolution loops use, and OpenBLAS's ({@code openblas_set_num_threads}), which the
     * matrix multiplies behind 1x1 convolutions and dense layers use. libnd4j's own thread pool
     * ({@code Environment.setMaxThreads}) is sized once at start-up from {@code OMP_NUM_THREADS} or the
     * core count and ignores later calls; it is set anyway and its value recorded. Process-wide; callers
     * hold the device lock.
     */
    static Threads setThreads(int threads) {
        Nd4j.getExecutioner(); // loads the backend, which NativeOpsHolder needs
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        ops.setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        return new Threads(Nd4j.getEnvironment().maxThreads(), ops.ompGetMaxThreads(),
                Nd4j.factory().blas().getMaxThreads());
    }

    /** The one-minute system load average, negative where the OS does not say. */
    static double loadAverage() {
        return OS.getSystemLoadAverage();
    }

    /**
     * CPU time of this process in nanoseconds, or -1 where the JVM cannot say. Coarse: on Linux it
     * moves in clock ticks of 10 ms, so it suits spans of many runs, not one short run.
     */
    static long processCpuNanos() {
        return OS instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /** CPU time of the calling thread in nanoseconds, at the OS's full resolution, or -1 where unsupported. */
    static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (Stream<String> lines = Files.lines(cpuinfo)) {
                String model = lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .findFirst().orElse(null);
                if (model != null) {
                    return model;
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                // fall through to the architecture
            }
        }
        return System.getProperty("os.arch");
    }
}
