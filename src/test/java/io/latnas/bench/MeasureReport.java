package io.latnas.bench;

import io.latnas.latency.LookupTable;
import io.latnas.latency.LookupTableDevice;
import io.latnas.measure.BuildReport;
import io.latnas.measure.DatasetTime;
import io.latnas.measure.LocalMeter;
import io.latnas.measure.LookupTableBuilder;
import io.latnas.measure.LookupTableCheck;
import io.latnas.measure.LookupTablePlan;
import io.latnas.measure.MeasureProgress;
import io.latnas.measure.Measurement;
import io.latnas.measure.MeasurementInfo;
import io.latnas.measure.MeterSettings;
import io.latnas.measure.NoiseFloor;
import io.latnas.measure.TimeOverhead;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The measurements behind the meter's numbers, on ofa-mbv3-w1.0 at batch size 1. Run through
 * {@code scripts/measure-report} (which sets {@code OMP_NUM_THREADS=2}, so libnd4j's pool can serve
 * the 2-thread runs):
 * <pre>
 *   OMP_NUM_THREADS=1 scripts/measure-report latency --threads-list 1   # 3 fixed subnets at r224
 *   OMP_NUM_THREADS=2 scripts/measure-report latency --threads-list 2
 *   scripts/measure-report lut                # lookup table at 5 resolutions, dataset extrapolation, check
 *   scripts/measure-report noise              # noise floor
 *   scripts/measure-report all
 * </pre>
 * Options: {@code --warmup N --runs N} (default 2 and 5), {@code --lut-sample N} (keys per resolution;
 * default 0, the full table), {@code --dataset-sample N} (default 12), {@code --check-sample N}
 * (default 8), {@code --noise-archs N --noise-repeats N} (default 8 and 3), {@code --threads N}
 * (default 1, for lut and noise), {@code --threads-list 1,2} (for latency), {@code --out DIR}
 * (default runs/lut-ofa-mbv3-w1.0).
 */
public final class MeasureReport {

    private static final SearchSpace SPACE = SearchSpaces.OFA_W10;
    private static final int[] LUT_RESOLUTIONS = {128, 152, 176, 200, 224};
    private static final int DATASET_SIZE = 4000;
    private static final long SEED = 2024;

    private final Map<String, String> options;

    private MeasureReport(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) {
        String what = args.length == 0 ? "all" : args[0];
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        MeasureReport report = new MeasureReport(options);
        if (what.equals("latency") || what.equals("all")) {
            report.latency();
        }
        if (what.equals("lut") || what.equals("all")) {
            report.lookupTable();
        }
        if (what.equals("noise") || what.equals("all")) {
            report.noise();
        }
    }

    private int option(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, String.valueOf(fallback)));
    }

    private LocalMeter meter(int threads) {
        return LocalMeter.create(new MeterSettings("local", SPACE.widthMultiplier(), threads, option("warmup", 2),
                option("runs", 5), SEED, MeterSettings.DEFAULT_CACHED_NETWORKS));
    }

    static Architecture uniform(int kernelSize, int expandRatio, int depth, int resolution) {
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] e = new int[Architecture.MAX_LAYERS];
        int[] d = new int[Architecture.STAGES];
        Arrays.fill(ks, kernelSize);
        Arrays.fill(e, expandRatio);
        Arrays.fill(d, depth);
        return SPACE.architecture(ks, e, d, resolution);
    }

    /**
     * Smallest (3/3/2), middle (5/4/3) and largest (7/6/4) subnets at r224, at each thread count of
     * {@code --threads-list} (default 1,2). libnd4j's pool keeps its start-up size, so for a clean
     * n-thread figure run one count per JVM with {@code OMP_NUM_THREADS=n}.
     */
    private void latency() {
        Map<String, Architecture> subnets = new LinkedHashMap<>();
        subnets.put("smallest", uniform(3, 3, 2, 224));
        subnets.put("mid", uniform(5, 4, 3, 224));
        subnets.put("largest", uniform(7, 6, 4, 224));
        System.out.println("== median latency, ofa-mbv3-w1.0, r224, batch 1 ==");
        MeasurementInfo last = null;
        int[] threadCounts = Arrays.stream(options.getOrDefault("threads-list", "1,2").split(","))
                .mapToInt(Integer::parseInt).toArray();
        for (int threads : threadCounts) {
            LocalMeter meter = meter(threads);
            for (Map.Entry<String, Architecture> subnet : subnets.entrySet()) {
                Measurement m = meter.measure(subnet.getValue(), 1);
                System.out.printf("%-8s %d thread(s): %s  cpu/wall %.2f  build %.2f s  wall %.1f s  load %.2f%n",
                        subnet.getKey(), threads, m.summary(), m.cpuPerWall(), m.buildTime().toMillis() / 1e3,
                        m.wallTime().toMillis() / 1e3, m.info().loadAverage());
                last = m.info();
            }
        }
        printInfo(last);
    }

    /** Paper Fig. 6: a lookup table at five resolutions beside a 4,000-subnet dataset; then lut check. */
    private void lookupTable() {
        LocalMeter meter = meter(option("threads", 1));
        Path out = Path.of(options.getOrDefault("out", "runs/lut-" + SPACE.id()));
        LookupTablePlan plan = LookupTablePlan.of(SPACE, LUT_RESOLUTIONS);
        int perResolution = option("lut-sample", 0);
        if (perResolution > 0) {
            plan = plan.sample(perResolution, SEED);
        }
        System.out.printf("== lookup table of %s at r=%s: %d keys to measure of %d ==%n", SPACE.id(),
                Arrays.toString(LUT_RESOLUTIONS), plan.entries().size(), plan.requiredKeyCount());
        BuildReport table = LookupTableBuilder.build(plan, meter, out, progress("lut"));
        System.out.println(table.summary());

        DatasetTime dataset = DatasetTime.measure(SPACE, LUT_RESOLUTIONS, meter, option("dataset-sample", 12),
                DATASET_SIZE, SEED + 1, progress("dataset"));
        System.out.printf("dataset sample: %d subnets, mean latency %.1f ms, mean measurement %.2f s per subnet%n",
                dataset.sampled(), dataset.meanLatencyMs(), dataset.meanMeasureMs() / 1e3);
        System.out.println(new TimeOverhead(table, dataset).summary());

        if (table.isComplete()) {
            LookupTableDevice device = new LookupTableDevice(meter.hardwareId(), LookupTable.open(out),
                    SPACE.widthMultiplier());
            SplittableRandom rng = new SplittableRandom(SEED + 2);
            List<Architecture> archs = new ArrayList<>();
            for (int i = 0; i < option("check-sample", 8); i++) {
                archs.add(SPACE.sample(rng).withResolution(LUT_RESOLUTIONS[rng.nextInt(LUT_RESOLUTIONS.length)]));
            }
            LookupTableCheck check = LookupTableCheck.run(device, meter, archs, progress("check"));
            for (LookupTableCheck.Row row : check.rows()) {
                System.out.printf("  r=%d table %.1f ms  measured %.1f ms  %+.1f%%%n", row.arch().resolution(),
                        row.tableMs(), row.measured().medianMs(), row.signedErrorPercent());
            }
            System.out.println(check.summary());
        }
        printInfo(table.info());
    }

    private void noise() {
        LocalMeter meter = meter(option("threads", 1));
        SplittableRandom rng = new SplittableRandom(SEED + 3);
        List<Architecture> archs = new ArrayList<>();
        for (int i = 0; i < option("noise-archs", 8); i++) {
            archs.add(SPACE.sample(rng).withResolution(LUT_RESOLUTIONS[rng.nextInt(LUT_RESOLUTIONS.length)]));
        }
        NoiseFloor floor = NoiseFloor.measure(meter, archs, option("noise-repeats", 3), 1, progress("noise"));
        System.out.println("== noise floor ==");
        System.out.println(floor.summary());
        for (int i = 0; i < archs.size(); i++) {
            StringBuilder line = new StringBuilder(String.format("  r=%d", archs.get(i).resolution()));
            for (List<Double> repeat : floor.latenciesMs()) {
                line.append(String.format("  %.1f", repeat.get(i)));
            }
            line.append(" ms; CPU");
            for (List<Double> repeat : floor.cpuMs()) {
                line.append(String.format("  %.1f", repeat.get(i)));
            }
            System.out.println(line.append(" ms"));
        }
    }

    private static MeasureProgress progress(String label) {
        return (done, total, m) -> System.err.printf("%s %d/%d %s %s load %.2f%n", label, done, total, m.summary(),
                m.subject().length() > 60 ? m.subject().substring(0, 60) : m.subject(), m.info().loadAverage());
    }

    private static void printInfo(MeasurementInfo info) {
        System.out.printf("measured on: %s, %d logical cores, %s, %s, %s (%s); threads %d (libnd4j pool %d, OpenMP %d,"
                        + " OpenBLAS %d); warm-up %d, timed %d, batch %d, seed %d%n",
                info.cpuModel(), info.logicalCores(), info.os(), info.jvm(), info.nd4jBackend(), info.blasVendor(),
                info.threads(), info.nd4jThreads(), info.ompThreads(), info.blasThreads(), info.warmupRuns(),
                info.timedRuns(), info.batchSize(), info.seed());
    }
}
