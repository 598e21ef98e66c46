package io.latnas.measure;

import io.latnas.common.InvalidInputException;
import io.latnas.cost.Block;
import io.latnas.cost.NetworkCostModel;
import io.latnas.latency.LookupTable;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The blocks a lookup table must measure: for each resolution, every distinct block configuration
 * the space can produce there (the keys of {@link LookupTable#requiredKeys}, in the same order), each
 * with a subnet of the space that holds it, so that the block can be built from that subnet's layers
 * and measured alone. A plan may be cut down to the blocks some subnets use or to a random sample;
 * it then remembers how many keys the full table has, for extrapolation.
 *
 * @param space        the space the blocks come from
 * @param entries      the blocks to measure, by resolution, then in network order
 * @param requiredKeys how many keys the full table over these resolutions has, by resolution
 */
public record LookupTablePlan(SearchSpace space, List<Entry> entries, Map<Integer, Integer> requiredKeys) {

    /**
     * One block to measure.
     *
     * @param key        the block's lookup-table key
     * @param block      the block, with its shapes
     * @param witness    a subnet of the space that holds the block
     * @param blockIndex the block's index in {@link NetworkCostModel#blocks} of the witness
     */
    public record Entry(int resolution, String key, Block block, Architecture witness, int blockIndex) {
    }

    public LookupTablePlan {
        entries = List.copyOf(entries);
        requiredKeys = Collections.unmodifiableMap(new TreeMap<>(requiredKeys));
    }

    /**
     * Every block the space can produce at these resolutions.
     *
     * @throws InvalidInputException when no resolution is given or one is not in the space
     */
    public static LookupTablePlan of(SearchSpace space, int... resolutions) {
        if (resolutions.length == 0) {
            throw new InvalidInputException("r", "a lookup table needs at least one resolution");
        }
        NetworkCostModel model = NetworkCostModel.of(space);
        List<Entry> entries = new ArrayList<>();
        Map<Integer, Integer> required = new LinkedHashMap<>();
        for (int r : Arrays.stream(resolutions).distinct().sorted().toArray()) {
            List<Entry> atR = resolutionEntries(space, model, r);
            entries.addAll(atR);
            required.put(r, atR.size());
        }
        return new LookupTablePlan(space, entries, required);
    }

    /**
     * Only the blocks these subnets use, each once, at the subnets' own resolutions: enough for a table
     * that answers for exactly these subnets.
     *
     * @throws InvalidInputException when a subnet is not in the space
     */
    public static LookupTablePlan forArchitectures(SearchSpace space, List<Architecture> archs) {
        archs.forEach(space::validate);
        NetworkCostModel model = NetworkCostModel.of(space);
        int[] resolutions = archs.stream().mapToInt(Architecture::resolution).distinct().sorted().toArray();
        LookupTablePlan full = of(space, resolutions);
        Map<String, Entry> used = new LinkedHashMap<>();
        for (Architecture arch : archs) {
            List<Block> blocks = model.blocks(arch);
            for (int i = 0; i < blocks.size(); i++) {
                String key = LookupTable.key(blocks.get(i));
                used.putIfAbsent(arch.resolution() + "/" + key, new Entry(arch.resolution(), key, blocks.get(i), arch, i));
            }
        }
        Map<String, Integer> position = new LinkedHashMap<>();
        for (Entry e : full.entries) {
            position.put(e.resolution + "/" + e.key, position.size());
        }
        List<Entry> ordered = new ArrayList<>(used.values());
        ordered.sort((a, b) -> Integer.compare(position.get(a.resolution + "/" + a.key),
                position.get(b.resolution + "/" + b.key)));
        return new LookupTablePlan(space, ordered, full.requiredKeys);
    }

    /**
     * A random sample of this plan's blocks: {@code perResolution} of each resolution's (all of them
     * where there are fewer), kept in plan order. The shared blocks are sampled like any other.
     */
    public LookupTablePlan sample(int perResolution, long seed) {
        if (perResolution < 1) {
            throw new InvalidInputException("sample", "a sample needs at least one block per resolution; got "
                    + perResolution);
        }
        SplittableRandom rng = new SplittableRandom(seed);
        List<Entry> kept = new ArrayList<>();
        for (int r : resolutions()) {
            List<Entry> atR = new ArrayList<>(entries.stream().filter(e -> e.resolution == r).toList());
            for (int i = atR.size() - 1; i > 0; i--) {
                Collections.swap(atR, i, rng.nextInt(i + 1));
            }
            kept.addAll(atR.subList(0, Math.min(perResolution, atR.size())));
        }
        kept.sort((a, b) -> Integer.compare(indexOf(a), indexOf(b)));
        return new LookupTablePlan(space, kept, requiredKeys);
    }

    /** The resolutions of the full table, ascending. */
    public int[] resolutions() {
        return requiredKeys.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    /** Keys of the full table over all its resolutions. */
    public int requiredKeyCount() {
        return requiredKeys.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Whether the plan measures every key of the full table. */
    public boolean isComplete() {
        return entries.size() == requiredKeyCount();
    }

    /** The plan's entries at one resolution. */
    public List<Entry> entries(int resolution) {
        return entries.stream().filter(e -> e.resolution == resolution).toList();
    }

    private int indexOf(Entry entry) {
        int i = entries.indexOf(entry);
        return i >= 0 ? i : Integer.MAX_VALUE;
    }

    /**
     * The blocks of one resolution in {@link LookupTable#requiredKeys}'s order: the first conv and first
     * block, every MBConv a stage position can hold, then the head. Each MBConv's witness is the
     * space's smallest subnet with that stage deepened and that layer set.
     */
    private static List<Entry> resolutionEntries(SearchSpace space, NetworkCostModel model, int resolution) {
        List<String> keys = LookupTable.requiredKeys(space, resolution);
        Map<String, Entry> byKey = new LinkedHashMap<>();
        Architecture smallest = witness(space, resolution, -1, 0, 0, 0, 0);
        List<Block> fixed = model.blocks(smallest);
        addFixed(byKey, resolution, fixed, smallest, 0);
        addFixed(byKey, resolution, fixed, smallest, 1);
        for (int stage = 0; stage < Architecture.STAGES; stage++) {
            int[] kernels = space.hasFixedKernels() ? new int[] {space.fixedKernel(stage)} : space.kernelSizes();
            for (int depth : space.depths()) {
                int[] expands = space.coupling() == SearchSpace.Coupling.COMPOUND
                        ? new int[] {space.coupledExpandRatio(depth)} : space.expandRatios();
                for (int position = 0; position < depth; position++) {
                    for (int k : kernels) {
                        for (int e : expands) {
                            Architecture witness = witness(space, resolution, stage, depth, position, k, e);
                            int index = 2 + position;
                            for (int s = 0; s < stage; s++) {
                                index += witness.depth(s);
                            }
                            Block block = model.blocks(witness).get(index);
                            byKey.putIfAbsent(LookupTable.key(block),
                                    new Entry(resolution, LookupTable.key(block), block, witness, index));
                        }
                    }
                }
            }
        }
        for (int i = fixed.size() - 4; i < fixed.size(); i++) {
            addFixed(byKey, resolution, fixed, smallest, i);
        }
        if (!new ArrayList<>(byKey.keySet()).equals(keys)) {
            throw new IllegalStateException("lookup-table plan of " + space.id() + " at r=" + resolution
                    + " disagrees with LookupTable.requiredKeys");
        }
        return List.copyOf(byKey.values());
    }

    private static void addFixed(Map<String, Entry> byKey, int resolution, List<Block> blocks, Architecture arch,
                                 int index) {
        String key = LookupTable.key(blocks.get(index));
        byKey.putIfAbsent(key, new Entry(resolution, key, blocks.get(index), arch, index));
    }

    /**
     * The space's smallest subnet at this resolution (least depth, its coupled or smallest expand ratio,
     * the smallest or fixed kernel), with stage {@code stage} at {@code depth} and layer {@code position}
     * of it set to kernel {@code k} and expand ratio {@code e}; stage -1 changes nothing.
     */
    private static Architecture witness(SearchSpace space, int resolution, int stage, int depth, int position,
                                        int k, int e) {
        int minDepth = Arrays.stream(space.depths()).min().orElseThrow();
        int minKernel = Arrays.stream(space.kernelSizes()).min().orElseThrow();
        int minExpand = Arrays.stream(space.expandRatios()).min().orElseThrow();
        int[] d = new int[Architecture.STAGES];
        int[] ks = new int[Architecture.MAX_LAYERS];
        int[] es = new int[Architecture.MAX_LAYERS];
        for (int s = 0; s < Architecture.STAGES; s++) {
            d[s] = s == stage ? depth : minDepth;
            for (int i = 0; i < d[s]; i++) {
                int layer = s * Architecture.MAX_DEPTH + i;
                ks[layer] = space.hasFixedKernels() ? space.fixedKernel(s) : minKernel;
                es[layer] = space.coupling() == SearchSpace.Coupling.COMPOUND
                        ? space.coupledExpandRatio(d[s]) : minExpand;
            }
        }
        if (stage >= 0) {
            int layer = stage * Architecture.MAX_DEPTH + position;
            ks[layer] = k;
            es[layer] = e;
        }
        return space.architecture(ks, es, d, resolution);
    }
}
