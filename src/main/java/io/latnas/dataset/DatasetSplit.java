package io.latnas.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A dataset cut into disjoint train, validation and test parts that together hold every record.
 * Each part keeps the dataset's order.
 *
 * @param method how the cut was made, for a predictor to record ({@code random 0.70/0.15/0.15 seed 42})
 */
public record DatasetSplit(LatencyDataset train, LatencyDataset validation, LatencyDataset test, String method) {

    /** The paper's 70% train, 15% validation, 15% test (§4.1.2). */
    public static final double DEFAULT_TRAIN_FRACTION = 0.70;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.15;

    /** help-ofa's split: rows 0..3,999 train, 4,000..4,999 test. */
    public static final IdRange HELP_OFA_TRAIN = new IdRange(0, 3_999);
    public static final IdRange HELP_OFA_TEST = new IdRange(4_000, 4_999);

    /** Row ids {@code first..last}, both included. */
    public record IdRange(int first, int last) {
        public IdRange {
            if (first > last) {
                throw new InvalidInputException("ids", "id range " + first + ".." + last + " is empty");
            }
        }

        public boolean contains(int id) {
            return id >= first && id <= last;
        }

        boolean overlaps(IdRange other) {
            return first <= other.last && other.first <= last;
        }

        @Override
        public String toString() {
            return first + ".." + last;
        }
    }

    /** A seeded 70/15/15 split; see {@link #random(LatencyDataset, long, double, double)}. */
    public static DatasetSplit random(LatencyDataset dataset, long seed) {
        return random(dataset, seed, DEFAULT_TRAIN_FRACTION, DEFAULT_VALIDATION_FRACTION);
    }

    /**
     * A seeded random split by architecture: the distinct architectures are shuffled and cut by the
     * fractions (the test part takes the rest), and every record follows its architecture, so a
     * subnet measured on several targets never sits on both sides. The same seed and dataset give
     * the same split.
     */
    public static DatasetSplit random(LatencyDataset dataset, long seed, double trainFraction,
                                      double validationFraction) {
        if (!(trainFraction > 0 && trainFraction <= 1) || !(validationFraction >= 0)
                || trainFraction + validationFraction > 1 + 1e-9) {
            throw new InvalidInputException("fractions", String.format(Locale.ROOT,
                    "train fraction %s and validation fraction %s must be in (0, 1] and [0, 1) with a sum"
                            + " of at most 1", trainFraction, validationFraction));
        }
        Map<Architecture, Integer> archIndex = new HashMap<>(dataset.size() * 2);
        int[] archOfRecord = new int[dataset.size()];
        for (int i = 0; i < dataset.size(); i++) {
            Integer known = archIndex.putIfAbsent(dataset.get(i).architecture(), archIndex.size());
            archOfRecord[i] = known != null ? known : archIndex.size() - 1;
        }
        int n = archIndex.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int trainCount = (int) Math.round(n * trainFraction);
        int validationCount = Math.min(n - trainCount, (int) Math.round(n * validationFraction));
        byte[] partOfArch = new byte[n];
        for (int k = 0; k < n; k++) {
            partOfArch[order[k]] = (byte) (k < trainCount ? 0 : k < trainCount + validationCount ? 1 : 2);
        }
        int[] part = new int[dataset.size()];
        for (int i = 0; i < part.length; i++) {
            part[i] = partOfArch[archOfRecord[i]];
        }
        return assemble(dataset, part, String.format(Locale.ROOT, "random %.2f/%.2f/%.2f by architecture, seed %d",
                trainFraction, validationFraction, 1 - trainFraction - validationFraction, seed));
    }

    /** help-ofa's own split by row id: 0..3,999 train, 4,000..4,999 test, no validation part. */
    public static DatasetSplit helpOfa(LatencyDataset dataset) {
        return byIdRanges(dataset, HELP_OFA_TRAIN, null, HELP_OFA_TEST);
    }

    /** A split by row id without a validation part. */
    public static DatasetSplit byIdRanges(LatencyDataset dataset, IdRange train, IdRange test) {
        return byIdRanges(dataset, train, null, test);
    }

    /**
     * A split by row id (the {@code id} column of a wide file).
     *
     * @param validation may be {@code null} for an empty validation part
     * @throws InvalidInputException when ranges overlap, or a record has no row id or one outside every range
     */
    public static DatasetSplit byIdRanges(LatencyDataset dataset, IdRange train, IdRange validation, IdRange test) {
        IdRange[] ranges = {train, validation, test};
        String[] names = {"train", "validation", "test"};
        for (int a = 0; a < 3; a++) {
            for (int b = a + 1; b < 3; b++) {
                if (ranges[a] != null && ranges[b] != null && ranges[a].overlaps(ranges[b])) {
                    throw new InvalidInputException("ids", names[a] + " ids " + ranges[a] + " overlap "
                            + names[b] + " ids " + ranges[b]);
                }
            }
        }
        int[] part = new int[dataset.size()];
        for (int i = 0; i < part.length; i++) {
            LatencyRecord r = dataset.get(i);
            if (r.rowId().isEmpty()) {
                throw new InvalidInputException("ids", "record " + i + " (" + r.target() + ") has no row id;"
                        + " an id split needs records read from a file with an id column");
            }
            int id = r.rowId().getAsInt();
            part[i] = -1;
            for (int p = 0; p < 3; p++) {
                if (ranges[p] != null && ranges[p].contains(id)) {
                    part[i] = p;
                }
            }
            if (part[i] < 0) {
                throw new InvalidInputException("ids", "record " + i + " has row id " + id
                        + ", which is in no range (train " + train + ", validation "
                        + (validation == null ? "none" : validation) + ", test " + test + ")");
            }
        }
        return assemble(dataset, part, "by id: train " + train + ", validation "
                + (validation == null ? "none" : validation) + ", test " + test);
    }

    private static DatasetSplit assemble(LatencyDataset dataset, int[] part, String method) {
        List<List<Integer>> indices = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < part.length; i++) {
            indices.get(part[i]).add(i);
        }
        LatencyDataset[] parts = new LatencyDataset[3];
        for (int p = 0; p < 3; p++) {
            parts[p] = dataset.select(indices.get(p).stream().mapToInt(Integer::intValue).toArray());
        }
        return new DatasetSplit(parts[0], parts[1], parts[2], method);
    }

    @Override
    public String toString() {
        return "DatasetSplit[" + method + ": " + train.size() + " train, " + validation.size() + " validation, "
                + test.size() + " test]";
    }
}
