package io.latnas.measure;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the machine and the runtime are, read once, and ND4J's process-wide thread limits. */
final class HostFacts {

    private static final OperatingSystemMXBean OS = ManagementFactory.getOperatingSystemMXBean();

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
     * Sets every intra-op thread limit nd4j-native has: libnd4j's own pool ({@code Environment}), the
     * OpenMP limit its element-wise and convolution loops use, and OpenBLAS's, which the matrix
     * multiplies behind dense and 1x1 convolutions use. Process-wide; callers hold the device lock.
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

    /** CPU time of this process in nanoseconds, or -1 where the JVM cannot say. */
    static long processCpuNanos() {
        return OS instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
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
