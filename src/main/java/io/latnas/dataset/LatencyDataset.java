package io.latnas.dataset;

import io.latnas.common.InvalidInputException;
import io.latnas.space.Architecture;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, ordered list of latency records of one search space. Records may span several
 * targets (hardware id and batch size); {@link #forTarget} and {@link #byTarget} give one target's view.
 *
 * <p>Order is part of the content: seeded splits depend on it, and so does {@link #contentHash()}.
 */
public final class LatencyDataset {

    private static final String HASH_FORMAT = "latnas-dataset-v1";

    private final String spaceId;
    private final List<LatencyRecord> records;
    private volatile Map<Target, LatencyDataset> byTarget;
    private volatile String contentHash;

    private LatencyDataset(String spaceId, List<LatencyRecord> records) {
        this.spaceId = spaceId;
        this.records = records;
    }

    /** A dataset holding a copy of {@code records}, in their order. */
    public static LatencyDataset of(String spaceId, List<LatencyRecord> records) {
        if (spaceId == null || spaceId.isBlank()) {
            throw new InvalidInputException("space", "search space id is empty");
        }
        return new LatencyDataset(spaceId, List.copyOf(records));
    }

    public String spaceId() {
        return spaceId;
    }

    /** The records, unmodifiable, in order. */
    public List<LatencyRecord> records() {
        return records;
    }

    public LatencyRecord get(int index) {
        return records.get(index);
    }

    public int size() {
        return records.size();
    }

    public boolean isEmpty() {
        return records.isEmpty();
    }

    /** The targets present, in order of first appearance. */
    public List<Target> targets() {
        return List.copyOf(byTarget().keySet());
    }

    /** One dataset per target, in order of first appearance; each keeps the records' order. */
    public Map<Target, LatencyDataset> byTarget() {
        Map<Target, LatencyDataset> views = byTarget;
        if (views == null) {
            Map<Target, List<LatencyRecord>> groups = new LinkedHashMap<>();
            for (LatencyRecord r : records) {
                groups.computeIfAbsent(r.target(), t -> new ArrayList<>()).add(r);
            }
            Map<Target, LatencyDataset> built = new LinkedHashMap<>();
            if (groups.size() == 1) {
                built.put(groups.keySet().iterator().next(), this);
            } else {
                groups.forEach((t, list) -> built.put(t, new LatencyDataset(spaceId, Collections.unmodifiableList(list))));
            }
            views = Collections.unmodifiableMap(built);
            byTarget = views;
        }
        return views;
    }

    /**
     * The records of one target.
     *
     * @throws InvalidInputException naming the target and the targets present when it has no records
     */
    public LatencyDataset forTarget(Target target) {
        LatencyDataset view = byTarget().get(target);
        if (view == null) {
            throw new InvalidInputException("target", "the dataset has no records for " + target + "; it has "
                    + (records.isEmpty() ? "none" : byTarget().keySet().toString()));
        }
        return view;
    }

    public LatencyDataset forTarget(String hardwareId, int batchSize) {
        return forTarget(new Target(hardwareId, batchSize));
    }

    /** The records at the given positions, in the order given. */
    public LatencyDataset select(int[] indices) {
        List<LatencyRecord> picked = new ArrayList<>(indices.length);
        for (int i : indices) {
            picked.add(records.get(i));
        }
        return new LatencyDataset(spaceId, Collections.unmodifiableList(picked));
    }

    /** This dataset's records followed by {@code other}'s; both must be of the same space. */
    public LatencyDataset concat(LatencyDataset other) {
        if (!spaceId.equals(other.spaceId)) {
            throw new InvalidInputException("space", "cannot join a dataset of space " + other.spaceId
                    + " to one of space " + spaceId);
        }
        List<LatencyRecord> all = new ArrayList<>(records.size() + other.records.size());
        all.addAll(records);
        all.addAll(other.records);
        return new LatencyDataset(spaceId, Collections.unmodifiableList(all));
    }

    /** Every record whose architecture and target an earlier record already has, in order. */
    public List<DuplicateRecord> duplicates() {
        List<DuplicateRecord> found = new ArrayList<>();
        Map<Key, Integer> firstSeen = new HashMap<>(records.size() * 2);
        for (int i = 0; i < records.size(); i++) {
            LatencyRecord r = records.get(i);
            Integer first = firstSeen.putIfAbsent(new Key(r.architecture(), r.hardwareId(), r.batchSize()), i);
            if (first != null) {
                found.add(new DuplicateRecord(first, i, records.get(first), r));
            }
        }
        return found;
    }

    /** This dataset without the repeats {@link #duplicates()} reports: the first of each is kept. */
    public LatencyDataset withoutDuplicates() {
        List<DuplicateRecord> duplicates = duplicates();
        if (duplicates.isEmpty()) {
            return this;
        }
        BitSet drop = new BitSet(records.size());
        for (DuplicateRecord d : duplicates) {
            drop.set(d.index());
        }
        List<LatencyRecord> kept = new ArrayList<>(records.size() - duplicates.size());
        for (int i = 0; i < records.size(); i++) {
            if (!drop.get(i)) {
                kept.add(records.get(i));
            }
        }
        return new LatencyDataset(spaceId, Collections.unmodifiableList(kept));
    }

    private record Key(Architecture architecture, String hardwareId, int batchSize) {
    }

    /** Summary statistics of each target, in order of first appearance. */
    public Map<Target, TargetSummary> summaries() {
        Map<Target, TargetSummary> out = new LinkedHashMap<>();
        byTarget().forEach((t, view) -> out.put(t, view.summarise(t)));
        return Collections.unmodifiableMap(out);
    }

    /** Summary statistics of one target. */
    public TargetSummary summary(Target target) {
        return forTarget(target).summarise(target);
    }

    private TargetSummary summarise(Target target) {
        int n = records.size();
        double[] ms = new double[n];
        Set<Architecture> distinct = new HashSet<>(n * 2);
        int minR = Integer.MAX_VALUE;
        int maxR = Integer.MIN_VALUE;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            LatencyRecord r = records.get(i);
            ms[i] = r.latencyMs();
            sum += ms[i];
            distinct.add(r.architecture());
            minR = Math.min(minR, r.architecture().resolution());
            maxR = Math.max(maxR, r.architecture().resolution());
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : ms) {
            squares += (v - mean) * (v - mean);
        }
        double std = n > 1 ? Math.sqrt(squares / (n - 1)) : 0;
        Arrays.sort(ms);
        double median = n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
        return new TargetSummary(target, n, ms[0], mean, median, ms[n - 1], std, distinct.size(), minR, maxR);
    }

    /**
     * SHA-256, in hex, of a canonical serialisation of the space id and, for each record in order, its
     * architecture, hardware id, batch size and the exact bits of its latency. Source, time and row id
     * are left out: they say where a number came from, not what a predictor learns from.
     */
    public String contentHash() {
        String hash = contentHash;
        if (hash == null) {
            hash = computeHash();
            contentHash = hash;
        }
        return hash;
    }

    private String computeHash() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
        // Fixed-width big-endian fields and length-prefixed UTF-8 strings: no separator can be ambiguous.
        byte[] buf = new byte[4 * (2 * Architecture.MAX_LAYERS + Architecture.STAGES + 2) + 8];
        updateString(digest, HASH_FORMAT);
        updateString(digest, spaceId);
        for (LatencyRecord r : records) {
            updateString(digest, r.hardwareId());
            Architecture a = r.architecture();
            int p = 0;
            p = putInt(buf, p, r.batchSize());
            for (int i = 0; i < Architecture.MAX_LAYERS; i++) {
                p = putInt(buf, p, a.kernelSize(i));
            }
            for (int i = 0; i < Architecture.MAX_LAYERS; i++) {
                p = putInt(buf, p, a.expandRatio(i));
            }
            for (int s = 0; s < Architecture.STAGES; s++) {
                p = putInt(buf, p, a.depth(s));
            }
            p = putInt(buf, p, a.resolution());
            long bits = Double.doubleToLongBits(r.latencyMs());
            p = putInt(buf, p, (int) (bits >>> 32));
            p = putInt(buf, p, (int) bits);
            digest.update(buf, 0, p);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void updateString(MessageDigest digest, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        byte[] len = new byte[4];
        putInt(len, 0, bytes.length);
        digest.update(len);
        digest.update(bytes);
    }

    private static int putInt(byte[] buf, int p, int v) {
        buf[p] = (byte) (v >>> 24);
        buf[p + 1] = (byte) (v >>> 16);
        buf[p + 2] = (byte) (v >>> 8);
        buf[p + 3] = (byte) v;
        return p + 4;
    }

    /** Same space and same records in the same order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LatencyDataset other && spaceId.equals(other.spaceId) && records.equals(other.records);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spaceId, records);
    }

    @Override
    public String toString() {
        return "LatencyDataset[" + spaceId + ", " + records.size() + " records, " + byTarget().size() + " targets]";
    }
}
