package io.latnas.hardware;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.latnas.common.InvalidInputException;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns one entry of {@code latnas.hardware.profiles} into a {@link HardwareProfile}, checking every
 * field on the way; each failure names the profile and the field.
 */
final class ProfileReader {

    private static final Set<String> FIELDS = Set.of("id", "name", "kind", "vendor", "architecture", "year",
            "cores", "sm-count", "memory-gb", "memory-type", "bandwidth-gbps", "peak-fp32-gflops", "clock-mhz",
            "cache-mb", "single-core-gflops", "default-source", "lookup-table-dir", "lookup-table-width", "replay",
            "source");
    private static final Set<String> REPLAY_FIELDS = Set.of("file", "column-prefix");
    /** NVIDIA quotes FP32 peak as cores x 2 (one FMA) x boost clock; a larger gap means a typo. */
    private static final double GPU_PEAK_TOLERANCE = 0.05;

    private final Config entry;
    private final String where;

    private ProfileReader(Config entry, String where) {
        this.entry = entry;
        this.where = where;
    }

    /** Reads entry {@code index} (0-based) of the profile list. */
    static HardwareProfile read(Config entry, int index) {
        String label = "hardware profile #" + (index + 1);
        if (entry.hasPath("id") && entry.getValue("id").valueType() == ConfigValueType.STRING) {
            label = "hardware profile '" + entry.getString("id") + "'";
        }
        return new ProfileReader(entry, label).read();
    }

    private HardwareProfile read() {
        for (String key : entry.root().keySet()) {
            if (!FIELDS.contains(key)) {
                throw fail(key, "unknown field '" + key + "'; known fields: " + String.join(", ", new TreeSet<>(FIELDS)));
            }
        }
        String id = string("id");
        if (!id.matches("[a-z0-9][a-z0-9._-]*")) {
            throw fail("id", "id '" + id + "' must be lowercase letters, digits, '.', '_' or '-'");
        }
        HardwareKind kind = kind();
        int cores = positiveInt("cores");
        int smCount = kind == HardwareKind.GPU ? positiveInt("sm-count") : optionalPositiveInt("sm-count");
        double peak = positive("peak-fp32-gflops");
        double clockMhz = positive("clock-mhz");
        if (kind == HardwareKind.GPU) {
            double expected = cores * 2.0 * clockMhz / 1000.0;
            if (Math.abs(peak - expected) > GPU_PEAK_TOLERANCE * expected) {
                throw fail("peak-fp32-gflops", "peak-fp32-gflops " + peak + " disagrees with cores x 2 x clock-mhz = "
                        + Math.round(expected) + " by more than " + Math.round(GPU_PEAK_TOLERANCE * 100) + "%");
            }
        }
        double singleCore = entry.hasPath("single-core-gflops") ? positive("single-core-gflops") : peak / cores;
        Optional<HardwareProfile.LookupTable> lookupTable = lookupTable();
        Optional<HardwareProfile.Replay> replay = replay();
        String defaultSource = entry.hasPath("default-source") ? string("default-source") : HardwareProfile.SIMULATED;
        if (!HardwareProfile.SOURCE_KINDS.contains(defaultSource)) {
            throw fail("default-source", "default-source '" + defaultSource + "' is not one of "
                    + String.join(", ", HardwareProfile.SOURCE_KINDS));
        }
        if (defaultSource.equals(HardwareProfile.LOOKUP_TABLE) && lookupTable.isEmpty()) {
            throw fail("lookup-table-dir", "default-source is lookup-table but lookup-table-dir is missing");
        }
        if (defaultSource.equals(HardwareProfile.REPLAY) && replay.isEmpty()) {
            throw fail("replay", "default-source is replay but replay { file, column-prefix } is missing");
        }
        return new HardwareProfile(id, string("name"), kind, string("vendor"), string("architecture"),
                positiveInt("year"), cores, smCount, positive("memory-gb"),
                entry.hasPath("memory-type") ? string("memory-type") : "", positive("bandwidth-gbps"), peak,
                clockMhz, entry.hasPath("cache-mb") ? positive("cache-mb") : 0.0, singleCore, defaultSource,
                lookupTable, replay, string("source"));
    }

    private HardwareKind kind() {
        String kind = string("kind");
        try {
            return HardwareKind.parse(kind);
        } catch (InvalidInputException e) {
            throw fail("kind", "kind '" + kind + "' is not one of " + HardwareKind.known());
        }
    }

    private Optional<HardwareProfile.LookupTable> lookupTable() {
        boolean hasDir = entry.hasPath("lookup-table-dir");
        boolean hasWidth = entry.hasPath("lookup-table-width");
        if (hasDir != hasWidth) {
            String missing = hasDir ? "lookup-table-width" : "lookup-table-dir";
            throw fail(missing, missing + " is missing; lookup-table-dir and lookup-table-width go together");
        }
        if (!hasDir) {
            return Optional.empty();
        }
        return Optional.of(new HardwareProfile.LookupTable(path("lookup-table-dir"), positive("lookup-table-width")));
    }

    private Optional<HardwareProfile.Replay> replay() {
        if (!entry.hasPath("replay")) {
            return Optional.empty();
        }
        if (entry.getValue("replay").valueType() != ConfigValueType.OBJECT) {
            throw fail("replay", "replay must be an object { file, column-prefix }");
        }
        Config replay = entry.getConfig("replay");
        for (String key : replay.root().keySet()) {
            if (!REPLAY_FIELDS.contains(key)) {
                throw fail("replay." + key, "unknown field 'replay." + key + "'; known: file, column-prefix");
            }
        }
        return Optional.of(new HardwareProfile.Replay(path("replay.file"), string("replay.column-prefix")));
    }

    private Path path(String field) {
        String text = string(field);
        try {
            return Path.of(text);
        } catch (RuntimeException e) {
            throw fail(field, field + " '" + text + "' is not a valid path");
        }
    }

    private String string(String field) {
        ConfigValue value = value(field);
        if (value.valueType() != ConfigValueType.STRING && value.valueType() != ConfigValueType.NUMBER
                && value.valueType() != ConfigValueType.BOOLEAN) {
            throw fail(field, field + " must be text, got " + value.valueType().name().toLowerCase());
        }
        String text = entry.getString(field).trim();
        if (text.isEmpty()) {
            throw fail(field, field + " is empty");
        }
        return text;
    }

    private double positive(String field) {
        ConfigValue value = value(field);
        double number;
        try {
            number = entry.getDouble(field);
        } catch (ConfigException.WrongType e) {
            throw fail(field, field + " must be a number, got '" + value.unwrapped() + "'");
        }
        if (!(number > 0) || Double.isInfinite(number)) {
            throw fail(field, field + " must be a positive number, got " + value.unwrapped());
        }
        return number;
    }

    private int positiveInt(String field) {
        double number = positive(field);
        if (number != Math.rint(number) || number > Integer.MAX_VALUE) {
            throw fail(field, field + " must be a whole number, got " + value(field).unwrapped());
        }
        return (int) number;
    }

    private int optionalPositiveInt(String field) {
        return entry.hasPath(field) ? positiveInt(field) : 0;
    }

    private ConfigValue value(String field) {
        if (!entry.hasPath(field)) {
            throw fail(field, field + " is missing");
        }
        return entry.getValue(field);
    }

    private InvalidInputException fail(String field, String problem) {
        return new InvalidInputException(field, where + ": " + problem);
    }
}
