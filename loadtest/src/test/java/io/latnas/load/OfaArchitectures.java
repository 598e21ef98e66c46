package io.latnas.load;

import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random architectures of OFA's MobileNetV3 space {@code ofa-mbv3-w1.0} in OFA's JSON form, the same
 * sequence for the same seed. Five stages of 2-4 blocks, kernel sizes {3,5,7}, expand ratios {3,4,6},
 * resolutions 128..224 step 4 (OFA's {@code ofa_mbv3_d234_e346_k357_w1.0}); inactive slots are 0.
 *
 * <p>Used as a Gatling feeder: each record's {@code body} is a whole request body. Gatling's feed
 * action takes records one at a time, so the sequence does not depend on how users interleave.
 */
final class OfaArchitectures {

    private static final int STAGES = 5;
    private static final int SLOTS_PER_STAGE = 4;
    private static final int[] KERNEL_SIZES = {3, 5, 7};
    private static final int[] EXPAND_RATIOS = {3, 4, 6};
    private static final int[] DEPTHS = {2, 3, 4};
    private static final int MIN_RESOLUTION = 128;
    private static final int RESOLUTION_STEPS = 25;

    private final long seed;
    private final int distinct;
    private SplittableRandom random;
    private int drawn;

    /**
     * @param distinct after this many architectures the sequence starts again from the seed, so that
     *                 repeats are answered by the server's cache; 0 never repeats
     */
    OfaArchitectures(long seed, int distinct) {
        this.seed = seed;
        this.distinct = distinct;
        this.random = new SplittableRandom(seed);
    }

    /** The next architecture as an OFA JSON object. */
    String next() {
        if (distinct > 0 && drawn == distinct) {
            random = new SplittableRandom(seed);
            drawn = 0;
        }
        drawn++;
        int[] ks = new int[STAGES * SLOTS_PER_STAGE];
        int[] e = new int[STAGES * SLOTS_PER_STAGE];
        int[] d = new int[STAGES];
        for (int s = 0; s < STAGES; s++) {
            d[s] = pick(DEPTHS);
            for (int b = 0; b < d[s]; b++) {
                ks[s * SLOTS_PER_STAGE + b] = pick(KERNEL_SIZES);
                e[s * SLOTS_PER_STAGE + b] = pick(EXPAND_RATIOS);
            }
        }
        int r = MIN_RESOLUTION + 4 * random.nextInt(RESOLUTION_STEPS);
        return "{\"ks\":" + list(ks) + ",\"e\":" + list(e) + ",\"d\":" + list(d) + ",\"r\":[" + r + "]}";
    }

    /** Request bodies of POST /v1/predictions with one {@code architecture}. */
    Iterator<Map<String, Object>> singleBodies(String model) {
        String head = "{\"model\":\"" + model + "\",\"batch\":1,\"architecture\":";
        return feeder(() -> head + next() + "}");
    }

    /** Request bodies of POST /v1/predictions with {@code count} {@code architectures}. */
    Iterator<Map<String, Object>> batchBodies(String model, int count) {
        String head = "{\"model\":\"" + model + "\",\"batch\":1,\"architectures\":[";
        return feeder(() -> {
            StringBuilder body = new StringBuilder(head.length() + count * 130).append(head);
            for (int i = 0; i < count; i++) {
                body.append(i == 0 ? "" : ",").append(next());
            }
            return body.append("]}").toString();
        });
    }

    private static Iterator<Map<String, Object>> feeder(java.util.function.Supplier<String> body) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                return Map.of("body", body.get());
            }
        };
    }

    private int pick(int[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String list(int[] values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ",").append(values[i]);
        }
        return out.append(']').toString();
    }
}
