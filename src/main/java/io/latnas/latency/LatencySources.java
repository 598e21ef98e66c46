package io.latnas.latency;

import io.latnas.common.InvalidInputException;
import io.latnas.dataset.HardwareAliases;
import io.latnas.hardware.HardwareProfile;
import io.latnas.space.SearchSpace;

import java.util.List;

/**
 * Picks and builds the latency source for a hardware profile and a search space: the simulated
 * device, the hardware's lookup table, or its replayed measurements.
 */
public final class LatencySources {

    /** Use whatever the hardware catalog names as the profile's default source. */
    public static final String AUTO = "auto";
    public static final List<String> KINDS = List.of(AUTO, HardwareProfile.SIMULATED, HardwareProfile.LOOKUP_TABLE,
            HardwareProfile.REPLAY);

    private LatencySources() {
    }

    /**
     * The source of {@code kind} for {@code hardware} answering for networks of {@code space}'s width.
     *
     * @throws InvalidInputException when the kind is unknown or the hardware has no such source, or its
     *                               lookup table was measured at another width
     */
    public static LatencySource create(String kind, HardwareProfile hardware, SearchSpace space,
                                       SimulationSettings simulation) {
        String chosen = AUTO.equals(kind) ? hardware.defaultSource() : kind;
        return switch (chosen) {
            case HardwareProfile.SIMULATED -> SimulatedDevice.forSpace(hardware, space, simulation);
            case HardwareProfile.LOOKUP_TABLE -> lookupTable(hardware, space);
            case HardwareProfile.REPLAY -> replay(hardware, space);
            default -> throw new InvalidInputException("source", "unknown latency source '" + kind + "'; known: "
                    + String.join(", ", KINDS));
        };
    }

    private static LatencySource lookupTable(HardwareProfile hardware, SearchSpace space) {
        HardwareProfile.LookupTable table = hardware.lookupTable().orElseThrow(() -> new InvalidInputException("source",
                "hardware " + hardware.id() + " has no lookup table; use --source simulated"));
        if (Math.abs(table.widthMultiplier() - space.widthMultiplier()) > 1e-9) {
            throw new InvalidInputException("space", "the " + hardware.id() + " lookup table is for width "
                    + table.widthMultiplier() + " networks; space " + space.id() + " has width " + space.widthMultiplier());
        }
        return new LookupTableDevice(hardware.id(), LookupTable.open(table.dir()), table.widthMultiplier());
    }

    private static LatencySource replay(HardwareProfile hardware, SearchSpace space) {
        HardwareProfile.Replay replay = hardware.replay().orElseThrow(() -> new InvalidInputException("source",
                "hardware " + hardware.id() + " has no replayable measurements; use --source simulated"));
        return ReplayDevice.fromCsv(replay.file(), space, replay.columnPrefix(), HardwareAliases.HELP_OFA);
    }
}
