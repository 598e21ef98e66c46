package io.latnas.runtime.measure;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import io.latnas.common.InvalidInputException;
import io.latnas.latency.LatencySources;
import io.latnas.measure.external.ExternalMeterSettings;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;

import java.util.ArrayList;
import java.util.List;

/**
 * What the measure role runs ({@code latnas.runtime.measure}): the devices this node measures on and
 * how many requests each actor holds while busy.
 *
 * @param queueSize requests a {@link MeasurementActor} holds behind the one it measures; beyond that it
 *                  answers {@link MeasurementActor.Rejected}
 */
public record MeasurementSettings(int queueSize, List<ServedDevice> devices) {

    public static final String PATH = "latnas.runtime.measure";
    private static final List<String> DEVICE_KEYS = List.of("hardware", "source", "meter", "space", "replicas",
            "dispatcher");

    public MeasurementSettings {
        if (queueSize < 0) {
            throw new InvalidInputException("queue-size", PATH + ".queue-size=" + queueSize + " must be 0 or more");
        }
        devices = List.copyOf(devices);
    }

    /**
     * Reads {@code latnas.runtime.measure}; a device naming a meter takes the meter's settings from
     * {@code latnas.meters.external}.
     *
     * @throws InvalidInputException naming the device and key at fault
     */
    public static MeasurementSettings fromConfig(Config config) {
        try {
            Config measure = config.getConfig(PATH);
            List<ServedDevice> devices = new ArrayList<>();
            List<? extends ConfigObject> entries = measure.getObjectList("devices");
            for (int i = 0; i < entries.size(); i++) {
                devices.add(device(config, entries.get(i), PATH + ".devices[" + i + "]"));
            }
            return new MeasurementSettings(measure.getInt("queue-size"), devices);
        } catch (ConfigException e) {
            throw new InvalidInputException(PATH, "bad " + PATH + ": " + e.getMessage(), e);
        }
    }

    private static ServedDevice device(Config root, ConfigObject entry, String where) {
        for (String key : entry.keySet()) {
            if (!DEVICE_KEYS.contains(key)) {
                throw new InvalidInputException(where + "." + key, "unknown key '" + key + "' in " + where
                        + "; known: " + String.join(", ", DEVICE_KEYS));
            }
        }
        Config device = entry.toConfig();
        if (!device.hasPath("space")) {
            throw new InvalidInputException(where + ".space", where + " lacks 'space', the search space it measures;"
                    + " known: " + String.join(", ", SearchSpaces.all().stream().map(SearchSpace::id).toList()));
        }
        SearchSpace space = SearchSpaces.byId(device.getString("space"));
        String dispatcher = device.hasPath("dispatcher") ? device.getString("dispatcher")
                : ServedDevice.DEFAULT_DISPATCHER;
        if (device.hasPath("meter")) {
            if (device.hasPath("hardware") || device.hasPath("source") || device.hasPath("replicas")) {
                throw new InvalidInputException(where, where + " names a meter, which brings its own hardware id and"
                        + " runs one process; leave out hardware, source and replicas");
            }
            return new ServedDevice.MeterSource(ExternalMeterSettings.fromConfig(root, device.getString("meter")),
                    space, dispatcher);
        }
        if (!device.hasPath("hardware")) {
            throw new InvalidInputException(where + ".hardware", where + " needs 'hardware' (a catalog id) or 'meter'"
                    + " (an external meter's name)");
        }
        String source = device.hasPath("source") ? device.getString("source") : LatencySources.AUTO;
        if (!LatencySources.KINDS.contains(source)) {
            throw new InvalidInputException(where + ".source", where + ".source='" + source + "' is not one of "
                    + String.join(", ", LatencySources.KINDS));
        }
        int replicas = device.hasPath("replicas") ? device.getInt("replicas") : 1;
        return new ServedDevice.CatalogSource(device.getString("hardware"), source, space, replicas, dispatcher);
    }
}
