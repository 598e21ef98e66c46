package io.latnas.latency;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.latnas.common.InvalidInputException;
import io.latnas.cost.Block;
import io.latnas.cost.BlockKind;
import io.latnas.cost.NetworkCostModel;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * OFA's per-layer latency lookup table: one YAML file per input resolution, {@code <r>_lookup_table.yaml},
 * mapping a block's key (its type and shapes, e.g.
 * {@code expanded_conv-input:56x56x32-output:28x28x48-expand:96-kernel:3-stride:2-idskip:0-se:1-hs:0})
 * to the {@code count}, {@code mean} (ms) and {@code std} of its measurements at batch size 1
 * (ofa/nas/efficiency_predictor/latency_lookup_table.py).
 *
 * <p>Files are read the first time a resolution is asked for and kept. Thread-safe.
 */
public final class LookupTable {

    /** One measured block: how many runs, their mean in milliseconds and their standard deviation. */
    public record Entry(int count, double mean, double std) {
    }

    private static final String FILE_SUFFIX = "_lookup_table.yaml";
    private static final Pattern FILE_NAME = Pattern.compile("(\\d+)" + Pattern.quote(FILE_SUFFIX));
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();

    private final Path directory;
    private final Map<Integer, Map<String, Entry>> byResolution = new ConcurrentHashMap<>();

    private LookupTable(Path directory) {
        this.directory = directory;
    }

    /**
     * A table over the files of {@code directory}; nothing is read until a resolution is asked for.
     *
     * @throws InvalidInputException when the directory does not exist
     */
    public static LookupTable open(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException("lookup-table", "lookup table directory " + directory + " does not exist");
        }
        return new LookupTable(directory);
    }

    public Path directory() {
        return directory;
    }

    /** The file that holds a resolution's entries, whether or not it exists. */
    public Path file(int resolution) {
        return directory.resolve(fileName(resolution));
    }

    /** {@code <r>_lookup_table.yaml}. */
    public static String fileName(int resolution) {
        return resolution + FILE_SUFFIX;
    }

    /** The resolutions that have a file in the directory, ascending. */
    public List<Integer> resolutions() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> FILE_NAME.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.valueOf(m.group(1)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new InvalidInputException("lookup-table", "cannot list lookup table directory " + directory
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Every entry of one resolution's file, by key.
     *
     * @throws InvalidInputException when the resolution has no file, or the file is unreadable or malformed
     */
    public Map<String, Entry> entries(int resolution) {
        return byResolution.computeIfAbsent(resolution, this::load);
    }

    /**
     * One entry.
     *
     * @throws InvalidInputException naming the key and the file when the file lacks the key
     */
    public Entry entry(int resolution, String key) {
        Entry entry = entries(resolution).get(key);
        if (entry == null) {
            throw missingKey(resolution, key);
        }
        return entry;
    }

    InvalidInputException missingKey(int resolution, String key) {
        return new InvalidInputException("lookup-table", "lookup table " + file(resolution) + " has no entry '"
                + key + "'");
    }

    private Map<String, Entry> load(int resolution) {
        Path file = file(resolution);
        if (!Files.isRegularFile(file)) {
            List<Integer> present = resolutions();
            throw new InvalidInputException("r", "no lookup table for resolution " + resolution + " in " + directory
                    + " (no " + fileName(resolution) + "; tables exist for "
                    + (present.isEmpty() ? "no resolution" : present) + ")");
        }
        return Collections.unmodifiableMap(read(file));
    }

    /**
     * Reads one OFA-format table file.
     *
     * @throws InvalidInputException naming the file when it is unreadable, not YAML, or an entry lacks a count, mean or std
     */
    public static Map<String, Entry> read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidInputException("lookup-table", "lookup table " + file + " is not valid YAML" + where
                    + ": " + oneLine(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidInputException("lookup-table", "cannot read lookup table " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidInputException("lookup-table", "lookup table " + file + " is empty");
        }
        if (!root.isObject()) {
            throw new InvalidInputException("lookup-table", "lookup table " + file
                    + " must map layer keys to count, mean and std; its top level is a " + root.getNodeType());
        }
        Map<String, Entry> entries = new HashMap<>(root.size() * 2);
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            entries.put(field.getKey(), entry(file, field.getKey(), field.getValue()));
        }
        return entries;
    }

    private static Entry entry(Path file, String key, JsonNode value) {
        JsonNode count = value.get("count");
        JsonNode mean = value.get("mean");
        JsonNode std = value.get("std");
        if (count == null || !count.isIntegralNumber() || !count.canConvertToInt() || count.asInt() < 0) {
            throw malformedEntry(file, key, "a non-negative integer 'count'");
        }
        if (mean == null || !mean.isNumber() || !Double.isFinite(mean.asDouble()) || mean.asDouble() < 0) {
            throw malformedEntry(file, key, "a non-negative number 'mean'");
        }
        if (std == null || !std.isNumber()) {
            throw malformedEntry(file, key, "a number 'std'");
        }
        return new Entry(count.asInt(), mean.asDouble(), std.asDouble());
    }

    private static InvalidInputException malformedEntry(Path file, String key, String what) {
        return new InvalidInputException("lookup-table", "lookup table " + file + ": entry '" + key + "' lacks "
                + what);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s+", " ");
    }

    /**
     * Writes one resolution's table in OFA's format, keys sorted as OFA's files are, and returns the file.
     * Creates the directory when needed and replaces an existing file.
     *
     * @throws InvalidInputException naming the file when it cannot be written
     */
    public static Path write(Path directory, int resolution, Map<String, Entry> entries) {
        Path file = directory.resolve(fileName(resolution));
        Map<String, Map<String, Object>> document = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("count", e.getValue().count());
            value.put("mean", e.getValue().mean());
            value.put("std", e.getValue().std());
            document.put(e.getKey(), value);
        }
        try {
            Files.createDirectories(directory);
            YAML.writeValue(file.toFile(), document);
        } catch (IOException e) {
            throw new InvalidInputException("lookup-table", "cannot write lookup table " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /**
     * The table key of a block, as OFA's {@code MBv3LatencyTable.query} forms it: the layer type, its
     * input and output shapes, and for {@code expanded_conv} the middle width, kernel, stride and flags.
     */
    public static String key(Block block) {
        StringBuilder key = new StringBuilder(96)
                .append(block.kind().ofaName())
                .append("-input:").append(block.input())
                .append("-output:");
        if (block.kind() == BlockKind.CLASSIFIER) {
            key.append(block.output().channels());
        } else {
            key.append(block.output());
        }
        if (block.kind() == BlockKind.EXPANDED_CONV) {
            key.append("-expand:").append(block.middleChannels())
                    .append("-kernel:").append(block.kernelSize())
                    .append("-stride:").append(block.stride())
                    .append("-idskip:").append(block.identitySkip() ? 1 : 0)
                    .append("-se:").append(block.squeezeExcite() ? 1 : 0)
                    .append("-hs:").append(block.hardSwish() ? 1 : 0);
        }
        return key.toString();
    }

    /**
     * Every key that some architecture of {@code space} at {@code resolution} looks up: the shared
     * blocks and each MBConv block a stage position can hold, in network order. A table that measures
     * these answers for the whole space at that resolution.
     *
     * @throws InvalidInputException when the resolution is not in the space
     */
    public static List<String> requiredKeys(SearchSpace space, int resolution) {
        if (!contains(space.resolutions(), resolution)) {
            throw new InvalidInputException("r", "r=" + resolution + " is not in " + space.resolutionSet()
                    + " (space " + space.id() + ")");
        }
        NetworkCostModel model = NetworkCostModel.of(space);
        List<Block> fixed = model.fixedBlocks(resolution);
        Set<String> keys = new LinkedHashSet<>();
        keys.add(key(fixed.get(0)));
        keys.add(key(fixed.get(1)));
        for (int stage = 0; stage < Architecture.STAGES; stage++) {
            int[] kernels = space.hasFixedKernels() ? new int[] {space.fixedKernel(stage)} : space.kernelSizes();
            for (int depth : space.depths()) {
                int[] expands = space.coupling() == SearchSpace.Coupling.COMPOUND
                        ? new int[] {space.coupledExpandRatio(depth)} : space.expandRatios();
                for (int position = 0; position < depth; position++) {
                    for (int k : kernels) {
                        for (int e : expands) {
                            keys.add(key(model.mbConvBlock(resolution, stage, position, k, e)));
                        }
                    }
                }
            }
        }
        for (Block block : fixed.subList(2, fixed.size())) {
            keys.add(key(block));
        }
        return List.copyOf(keys);
    }

    private static boolean contains(int[] values, int v) {
        for (int x : values) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "LookupTable[" + directory + "]";
    }
}
