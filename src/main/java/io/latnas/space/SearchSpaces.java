package io.latnas.space;

import io.latnas.common.InvalidInputException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** The search spaces LatencyNAS knows, by stable id (paper §4.1.1). */
public final class SearchSpaces {

    private static final int[] KERNEL_SIZES = {3, 5, 7};
    private static final int[] EXPAND_RATIOS = {3, 4, 6};
    private static final int[] DEPTHS = {2, 3, 4};
    /** OFA's resolution range, 128..224 step 4. */
    private static final int[] OFA_RESOLUTIONS = IntStream.rangeClosed(0, 24).map(i -> 128 + 4 * i).toArray();
    /** CompOFA searches the 160..224 range of OFA's evolution finder (step 4). */
    private static final int[] COMPOFA_RESOLUTIONS = IntStream.rangeClosed(0, 16).map(i -> 160 + 4 * i).toArray();
    /** CompOFA's fixed-kernel space pins stage kernels to 3,5,3,3,5. */
    private static final int[] COMPOFA_STAGE_KERNELS = {3, 5, 3, 3, 5};

    public static final SearchSpace OFA_W10 = new SearchSpace("ofa-mbv3-w1.0",
            "OFA MobileNetV3, width 1.0: ks {3,5,7}, e {3,4,6} per layer, d {2,3,4} per stage, r 128..224",
            1.0, KERNEL_SIZES, EXPAND_RATIOS, DEPTHS, OFA_RESOLUTIONS, SearchSpace.Coupling.NONE, null);
    public static final SearchSpace OFA_W12 = new SearchSpace("ofa-mbv3-w1.2",
            "OFA MobileNetV3, width 1.2: ks {3,5,7}, e {3,4,6} per layer, d {2,3,4} per stage, r 128..224",
            1.2, KERNEL_SIZES, EXPAND_RATIOS, DEPTHS, OFA_RESOLUTIONS, SearchSpace.Coupling.NONE, null);
    public static final SearchSpace COMPOFA_FIXED = new SearchSpace("compofa-fixed",
            "CompOFA fixed kernel, width 1.2: d/e coupled (2/3, 3/4, 4/6), stage kernels 3,5,3,3,5, r 160..224",
            1.2, KERNEL_SIZES, EXPAND_RATIOS, DEPTHS, COMPOFA_RESOLUTIONS, SearchSpace.Coupling.COMPOUND,
            COMPOFA_STAGE_KERNELS);
    public static final SearchSpace COMPOFA_ELASTIC = new SearchSpace("compofa-elastic",
            "CompOFA elastic kernel, width 1.2: d/e coupled (2/3, 3/4, 4/6), ks {3,5,7} per layer, r 160..224",
            1.2, KERNEL_SIZES, EXPAND_RATIOS, DEPTHS, COMPOFA_RESOLUTIONS, SearchSpace.Coupling.COMPOUND, null);

    private static final Map<String, SearchSpace> BY_ID = new LinkedHashMap<>();

    static {
        for (SearchSpace s : List.of(OFA_W10, OFA_W12, COMPOFA_FIXED, COMPOFA_ELASTIC)) {
            BY_ID.put(s.id(), s);
        }
    }

    private SearchSpaces() {
    }

    public static List<SearchSpace> all() {
        return List.copyOf(BY_ID.values());
    }

    /**
     * The space with this id.
     *
     * @throws InvalidInputException naming the unknown id and the known ones
     */
    public static SearchSpace byId(String id) {
        SearchSpace space = BY_ID.get(id);
        if (space == null) {
            throw new InvalidInputException("space", "unknown search space '" + id + "'; known: "
                    + String.join(", ", BY_ID.keySet()));
        }
        return space;
    }
}
