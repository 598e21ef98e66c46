package io.latnas.hardware;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import com.typesafe.config.ConfigObject;
import io.latnas.common.InvalidInputException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every device LatencyNAS knows, by id, in the order of the configuration. Built once from
 * {@code latnas.hardware} and immutable afterwards; lookups of unknown ids fail with a message that
 * suggests the nearest known ones.
 */
public final class HardwareCatalog {

    /** Where the profile list lives in the application configuration. */
    public static final String CONFIG_PATH = "latnas.hardware";

    private final Map<String, HardwareProfile> byId;

    private HardwareCatalog(Map<String, HardwareProfile> byId) {
        this.byId = byId;
    }

    /**
     * A catalog of these profiles.
     *
     * @throws InvalidInputException when two profiles share an id
     */
    public static HardwareCatalog of(Collection<HardwareProfile> profiles) {
        Map<String, HardwareProfile> byId = new LinkedHashMap<>();
        for (HardwareProfile profile : profiles) {
            if (byId.putIfAbsent(profile.id(), profile) != null) {
                throw duplicate(profile.id());
            }
        }
        return new HardwareCatalog(byId);
    }

    /**
     * Reads and validates {@code latnas.hardware.profiles}.
     *
     * @throws InvalidInputException naming the profile and field at fault: a duplicate id, a missing,
     *                               non-numeric or non-positive number, an unknown kind or field
     */
    public static HardwareCatalog fromConfig(Config config) {
        Config resolved = config.isResolved() ? config : config.resolve();
        String listPath = CONFIG_PATH + ".profiles";
        if (!resolved.hasPath(listPath)) {
            throw new InvalidInputException(listPath, "the configuration has no " + listPath
                    + " (is hardware.conf included under latnas.hardware?)");
        }
        if (resolved.getValue(listPath).valueType() != ConfigValueType.LIST) {
            throw new InvalidInputException(listPath, listPath + " must be a list of profiles");
        }
        ConfigList list = resolved.getList(listPath);
        Map<String, HardwareProfile> byId = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigValue item = list.get(i);
            if (!(item instanceof ConfigObject object)) {
                throw new InvalidInputException(listPath, "hardware profile #" + (i + 1) + " must be an object, got "
                        + item.valueType().name().toLowerCase());
            }
            HardwareProfile profile = ProfileReader.read(object.toConfig(), i);
            if (byId.putIfAbsent(profile.id(), profile) != null) {
                throw duplicate(profile.id());
            }
        }
        if (byId.isEmpty()) {
            throw new InvalidInputException(listPath, listPath + " is empty");
        }
        return new HardwareCatalog(byId);
    }

    private static InvalidInputException duplicate(String id) {
        return new InvalidInputException("id", "hardware id '" + id + "' is defined more than once");
    }

    /**
     * The profile with this id.
     *
     * @throws InvalidInputException naming the unknown id, the closest known ids and all known ids
     */
    public HardwareProfile byId(String id) {
        HardwareProfile profile = id == null ? null : byId.get(id);
        if (profile == null) {
            List<String> close = closest(id == null ? "" : id);
            throw new InvalidInputException("hardware", "unknown hardware id '" + id + "'"
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
                    + (close.isEmpty() ? "; known: " : " Known: ") + String.join(", ", byId.keySet()));
        }
        return profile;
    }

    /** Whether a profile has this id. */
    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** Every profile, in configuration order. */
    public List<HardwareProfile> all() {
        return List.copyOf(byId.values());
    }

    /** Every id, in configuration order. */
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    /** The profiles of one kind, in configuration order. */
    public List<HardwareProfile> ofKind(HardwareKind kind) {
        return byId.values().stream().filter(p -> p.kind() == kind).collect(Collectors.toUnmodifiableList());
    }

    /** The GPUs, the family the paper's generalised predictor covers (§4.3). */
    public List<HardwareProfile> gpus() {
        return ofKind(HardwareKind.GPU);
    }

    /** Up to three known ids within a small edit distance of {@code id}, or containing it, nearest first. */
    private List<String> closest(String id) {
        String wanted = id.toLowerCase().replaceAll("[^a-z0-9]", "");
        List<Map.Entry<String, Integer>> scored = new ArrayList<>();
        for (String known : byId.keySet()) {
            String plain = known.replaceAll("[^a-z0-9]", "");
            int distance = editDistance(wanted, plain);
            boolean related = !wanted.isEmpty() && (plain.contains(wanted) || wanted.contains(plain));
            if (distance <= Math.max(2, wanted.length() / 3) || related) {
                scored.add(Map.entry(known, related ? Math.min(distance, 1) : distance));
            }
        }
        return scored.stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(3)
                .map(Map.Entry::getKey)
                .collect(Collectors.toList());
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    @Override
    public String toString() {
        return "HardwareCatalog" + byId.keySet();
    }
}
