package io.latnas.latency;

import io.latnas.common.InvalidInputException;
import io.latnas.dataset.DatasetCsv;
import io.latnas.dataset.HardwareAliases;
import io.latnas.dataset.LatencyDataset;
import io.latnas.dataset.LatencyRecord;
import io.latnas.dataset.Target;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A latency source that answers from measurements already taken: a wide (help-ofa) or long CSV file,
 * for one hardware id at every batch size the file has for it. It knows only the architectures in the
 * file and refuses others; a repeated measurement answers with the first one.
 */
public final class ReplayDevice implements LatencySource {

    public static final String KIND = "replay";

    private final String hardwareId;
    private final String origin;
    private final Map<Integer, Map<Architecture, Double>> latencyByBatch;

    private ReplayDevice(String hardwareId, String origin, Map<Integer, Map<Architecture, Double>> latencyByBatch) {
        this.hardwareId = hardwareId;
        this.origin = origin;
        this.latencyByBatch = latencyByBatch;
    }

    /** Replays {@code hardware} (a hardware id or a help-ofa column prefix such as {@code 2080ti}) from a CSV file. */
    public static ReplayDevice fromCsv(Path file, SearchSpace space, String hardware) {
        return fromCsv(file, space, hardware, HardwareAliases.HELP_OFA);
    }

    /**
     * Replays one hardware id from a CSV file of either layout, validating its architectures against
     * {@code space}.
     *
     * @param hardware a hardware id, or a wide column prefix that {@code aliases} maps to one
     * @throws InvalidInputException when the file cannot be read or has no rows for the hardware
     */
    public static ReplayDevice fromCsv(Path file, SearchSpace space, String hardware, HardwareAliases aliases) {
        Instant modified;
        try {
            modified = Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            // Let the reader name the problem.
            modified = Instant.EPOCH;
        }
        String name = String.valueOf(file.getFileName());
        LatencyDataset dataset = DatasetCsv.read(file, space,
                new DatasetCsv.WideOptions(aliases, KIND + ":" + name, modified));
        return of(dataset, aliases.hardwareId(hardware), file.toString());
    }

    /**
     * Replays one hardware id's records of a dataset.
     *
     * @param origin names the data in messages, usually its file
     */
    public static ReplayDevice of(LatencyDataset dataset, String hardwareId, String origin) {
        Map<Integer, Map<Architecture, Double>> byBatch = new TreeMap<>();
        for (LatencyRecord r : dataset.records()) {
            if (r.hardwareId().equals(hardwareId)) {
                byBatch.computeIfAbsent(r.batchSize(), b -> new HashMap<>()).putIfAbsent(r.architecture(), r.latencyMs());
            }
        }
        if (byBatch.isEmpty()) {
            String present = dataset.targets().stream().map(Target::hardwareId).distinct()
                    .collect(Collectors.joining(", "));
            throw new InvalidInputException("hardware", origin + " has no measurements for hardware '" + hardwareId
                    + "'; it has " + (present.isEmpty() ? "none" : present));
        }
        byBatch.replaceAll((b, m) -> Collections.unmodifiableMap(m));
        return new ReplayDevice(hardwareId, origin, Collections.unmodifiableMap(byBatch));
    }

    @Override
    public String hardwareId() {
        return hardwareId;
    }

    @Override
    public String kind() {
        return KIND;
    }

    /** Where the measurements come from. */
    public String origin() {
        return origin;
    }

    /** The batch sizes this device can answer for. */
    public SortedSet<Integer> batchSizes() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(latencyByBatch.keySet()));
    }

    /** How many architectures it knows at a batch size. */
    public int size(int batchSize) {
        Map<Architecture, Double> known = latencyByBatch.get(batchSize);
        return known == null ? 0 : known.size();
    }

    public boolean contains(Architecture arch, int batchSize) {
        Map<Architecture, Double> known = latencyByBatch.get(batchSize);
        return known != null && known.containsKey(arch);
    }

    /**
     * The recorded latency.
     *
     * @throws InvalidInputException when the file has no rows for this batch size or this architecture
     */
    @Override
    public double latencyMs(Architecture arch, int batchSize) {
        Map<Architecture, Double> known = latencyByBatch.get(batchSize);
        if (known == null) {
            throw new InvalidInputException("batch", origin + " has no " + hardwareId + " measurements at batch "
                    + batchSize + "; it has batch " + latencyByBatch.keySet().stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")));
        }
        Double ms = known.get(arch);
        if (ms == null) {
            throw new InvalidInputException("architecture", "architecture " + arch + " is not in " + origin
                    + " for " + hardwareId + " batch " + batchSize);
        }
        return ms;
    }

    @Override
    public String toString() {
        return "ReplayDevice[" + hardwareId + " from " + origin + ", batch " + latencyByBatch.keySet() + "]";
    }
}
