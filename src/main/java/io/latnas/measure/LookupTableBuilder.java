package io.latnas.measure;

import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.latnas.common.InvalidInputException;
import io.latnas.latency.LookupTable;
import io.latnas.space.SearchSpace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds OFA's baseline latency source (paper §5.3): measures each block of a {@link LookupTablePlan}
 * alone at batch size 1 and writes one OFA-format YAML file per resolution, {@code count} the timed
 * runs, {@code mean} and {@code std} their mean and standard deviation in milliseconds, which
 * {@link io.latnas.latency.LookupTableDevice} loads back. Beside the tables, {@value #INFO_FILE} records
 * the space, the keys measured and how (the first block's {@link MeasurementInfo}).
 */
public final class LookupTableBuilder {

    /** OFA's tables hold batch-1 latencies. */
    public static final int BATCH_SIZE = 1;

    /** The file beside the tables that says how they were measured. */
    public static final String INFO_FILE = "measurement_info.yaml";

    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private LookupTableBuilder() {
    }

    /**
     * Measures every block the space can produce at these resolutions and writes the tables into {@code outDir}.
     *
     * @throws InvalidInputException when a resolution is not in the space, the meter's width is not the
     *                               space's, or a file cannot be written
     */
    public static BuildReport build(SearchSpace space, int[] resolutions, Meter meter, Path outDir,
                                    MeasureProgress progress) {
        return build(LookupTablePlan.of(space, resolutions), meter, outDir, progress);
    }

    /**
     * Measures the plan's blocks and writes a table file for each resolution that has any; a partial
     * plan gives tables that answer only for subnets made of its blocks.
     *
     * @throws InvalidInputException when the meter's width is not the space's, or a file cannot be written
     */
    public static BuildReport build(LookupTablePlan plan, Meter meter, Path outDir, MeasureProgress progress) {
        SearchSpace space = plan.space();
        if (meter.widthMultiplier() != space.widthMultiplier()) {
            throw new InvalidInputException("width", "the meter builds width " + meter.widthMultiplier()
                    + " networks but space " + space.id() + " has width " + space.widthMultiplier());
        }
        long start = System.nanoTime();
        Map<Integer, Map<String, LookupTable.Entry>> tables = new LinkedHashMap<>();
        double latencySum = 0;
        double timedRuns = 0;
        long measureNanos = 0;
        MeasurementInfo info = null;
        int done = 0;
        for (LookupTablePlan.Entry entry : plan.entries()) {
            Measurement m = meter.measureBlock(entry.witness(), entry.blockIndex(), BATCH_SIZE);
            tables.computeIfAbsent(entry.resolution(), r -> new LinkedHashMap<>())
                    .put(entry.key(), new LookupTable.Entry(m.runsMs().size(), m.meanMs(), m.stdMs()));
            latencySum += m.meanMs();
            timedRuns += m.timedMs();
            measureNanos += m.wallTime().toNanos();
            if (info == null) {
                info = m.info();
            }
            progress.measured(++done, plan.entries().size(), m);
        }
        List<Path> files = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, LookupTable.Entry>> table : tables.entrySet()) {
            files.add(LookupTable.write(outDir, table.getKey(), table.getValue()));
        }
        List<Integer> resolutions = new ArrayList<>(plan.requiredKeys().keySet());
        writeInfo(outDir, space, plan, info);
        return new BuildReport(space.id(), meter.hardwareId(), resolutions, plan.entries().size(),
                plan.requiredKeyCount(), files, latencySum, timedRuns, Duration.ofNanos(measureNanos),
                Duration.ofNanos(System.nanoTime() - start), info);
    }

    private static void writeInfo(Path outDir, SearchSpace space, LookupTablePlan plan, MeasurementInfo info) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("space", space.id());
        document.put("resolutions", plan.requiredKeys().keySet());
        document.put("keysMeasured", plan.entries().size());
        document.put("keysRequired", plan.requiredKeyCount());
        document.put("measuredWith", info);
        Path file = outDir.resolve(INFO_FILE);
        try {
            Files.createDirectories(outDir);
            YAML.writeValue(file.toFile(), document);
        } catch (IOException e) {
            throw new InvalidInputException("lookup-table", "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
