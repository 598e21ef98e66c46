package io.latnas.hardware;

import io.latnas.common.InvalidInputException;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The broad family of a device; the paper generalises across GPUs only (§4.3). */
public enum HardwareKind {
    CPU("cpu"),
    GPU("gpu"),
    MOBILE("mobile");

    private final String id;

    HardwareKind(String id) {
        this.id = id;
    }

    /** The lowercase name used in configuration and on the command line. */
    public String id() {
        return id;
    }

    /**
     * The kind named {@code id} ({@code cpu}, {@code gpu} or {@code mobile}).
     *
     * @throws InvalidInputException naming the unknown kind and the known ones
     */
    public static HardwareKind parse(String id) {
        for (HardwareKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new InvalidInputException("kind", "unknown hardware kind '" + id + "'; known: " + known());
    }

    static String known() {
        return Arrays.stream(values()).map(HardwareKind::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
