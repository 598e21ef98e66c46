package io.latnas.measure.external;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.latnas.common.InvalidInputException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How to run one external meter: the command and where to run it, and the time limits and restart
 * budget that guard the conversation with it (docs/EXTERNAL_METERS.md).
 *
 * @param name             the meter's name, the key of its block under {@code latnas.meters.external}
 * @param hardwareId       the hardware the meter measures, e.g. {@code note10}
 * @param command          the program and its arguments; no shell is involved unless the command names one
 * @param workingDirectory where the command runs; empty to run in the JVM's working directory
 * @param environment      variables added to the JVM's environment for the command
 * @param requestTimeout   how long one request may wait for its reply before the meter is killed
 * @param startupTimeout   how long a freshly started meter may take to answer the handshake
 * @param stopTimeout      how long {@link ExternalMeter#close()} waits for the meter to exit after its
 *                         stdin is closed, before destroying it
 * @param maxRestarts      restarts allowed in a row without a reply in order; one more failure gives up
 */
public record ExternalMeterSettings(String name, String hardwareId, List<String> command,
                                    Optional<Path> workingDirectory, Map<String, String> environment,
                                    Duration requestTimeout, Duration startupTimeout, Duration stopTimeout,
                                    int maxRestarts) {

    /** Where meters are configured. */
    public static final String PATH = "latnas.meters.external";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);
    /** Importing PyTorch and initialising CUDA alone can take tens of seconds. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_RESTARTS = 3;

    private static final List<String> KEYS = List.of("hardware", "command", "working-dir", "environment", "timeout",
            "startup-timeout", "stop-timeout", "max-restarts");

    public ExternalMeterSettings {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "an external meter needs a name");
        }
        if (hardwareId == null || hardwareId.isBlank()) {
            throw new InvalidInputException("hardware", "external meter '" + name + "' needs a hardware id");
        }
        if (command == null || command.isEmpty() || command.get(0) == null || command.get(0).isBlank()) {
            throw new InvalidInputException("command", "external meter '" + name
                    + "' needs a command: a program and its arguments");
        }
        if (command.stream().anyMatch(Objects::isNull)) {
            throw new InvalidInputException("command", "external meter '" + name + "' has a null command argument");
        }
        command = List.copyOf(command);
        workingDirectory = workingDirectory == null ? Optional.empty() : workingDirectory;
        environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        requirePositive(name, "timeout", requestTimeout);
        requirePositive(name, "startup-timeout", startupTimeout);
        requirePositive(name, "stop-timeout", stopTimeout);
        if (maxRestarts < 0) {
            throw new InvalidInputException("max-restarts", "external meter '" + name + "': max-restarts="
                    + maxRestarts + " must be 0 or more");
        }
    }

    private static void requirePositive(String name, String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidInputException(key, "external meter '" + name + "': " + key + " must be a positive duration; got "
                    + value);
        }
    }

    /** A meter with the default time limits and restart budget, run in the JVM's working directory. */
    public static ExternalMeterSettings of(String name, String hardwareId, List<String> command) {
        return new ExternalMeterSettings(name, hardwareId, command, Optional.empty(), Map.of(),
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_STARTUP_TIMEOUT, DEFAULT_STOP_TIMEOUT, DEFAULT_MAX_RESTARTS);
    }

    /**
     * Every meter under {@code latnas.meters.external}, by name in name order; empty when none is
     * configured. A relative {@code working-dir} is resolved against {@code latnas.home} when that is set.
     *
     * @throws InvalidInputException naming the meter and key when a block is malformed
     */
    public static Map<String, ExternalMeterSettings> fromConfig(Config config) {
        if (!config.hasPath(PATH)) {
            return Map.of();
        }
        ConfigObject meters;
        try {
            meters = config.getObject(PATH);
        } catch (ConfigException.WrongType e) {
            throw new InvalidInputException(PATH, PATH + " must be a block of named meters");
        }
        Map<String, ExternalMeterSettings> byName = new TreeMap<>();
        for (String name : meters.keySet()) {
            byName.put(name, read(config, name, meters.get(name)));
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(byName));
    }

    /**
     * The meter {@code name} under {@code latnas.meters.external}.
     *
     * @throws InvalidInputException when there is no such meter (naming the configured ones) or its block is malformed
     */
    public static ExternalMeterSettings fromConfig(Config config, String name) {
        Map<String, ExternalMeterSettings> all = fromConfig(config);
        ExternalMeterSettings settings = all.get(name);
        if (settings == null) {
            throw new InvalidInputException("meter", "no external meter '" + name + "' under " + PATH
                    + (all.isEmpty() ? "; none is configured" : "; configured: " + String.join(", ", all.keySet())));
        }
        return settings;
    }

    private static ExternalMeterSettings read(Config root, String name, ConfigValue value) {
        String where = PATH + "." + name;
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new InvalidInputException(where, where + " must be a block with hardware and command");
        }
        Config block = ((ConfigObject) value).toConfig();
        for (String key : ((ConfigObject) value).keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidInputException(where + "." + key, "unknown key '" + key + "' in " + where
                        + "; known: " + String.join(", ", KEYS));
            }
        }
        try {
            String hardware = requireString(block, where, "hardware");
            if (!block.hasPath("command")) {
                throw new InvalidInputException(where + ".command", where + " lacks 'command', a list of the program and its arguments");
            }
            List<String> command = new ArrayList<>(block.getStringList("command"));
            Optional<Path> workingDir = block.hasPath("working-dir")
                    ? Optional.of(workingDirectory(root, where, block.getString("working-dir")))
                    : Optional.empty();
            Map<String, String> environment = new LinkedHashMap<>();
            if (block.hasPath("environment")) {
                ConfigObject env = block.getObject("environment");
                for (String variable : new TreeMap<>(env.unwrapped()).keySet()) {
                    Object v = env.get(variable).unwrapped();
                    if (v == null || v instanceof Map || v instanceof List) {
                        throw new InvalidInputException(where + ".environment", where + ".environment." + variable
                                + " must be a string");
                    }
                    environment.put(variable, String.valueOf(v));
                }
            }
            Duration timeout = duration(block, "timeout", DEFAULT_REQUEST_TIMEOUT);
            Duration startup = duration(block, "startup-timeout", DEFAULT_STARTUP_TIMEOUT);
            Duration stop = duration(block, "stop-timeout", DEFAULT_STOP_TIMEOUT);
            int maxRestarts = block.hasPath("max-restarts") ? block.getInt("max-restarts") : DEFAULT_MAX_RESTARTS;
            return new ExternalMeterSettings(name, hardware, command, workingDir, environment, timeout, startup, stop,
                    maxRestarts);
        } catch (ConfigException e) {
            throw new InvalidInputException(where, where + ": " + oneLine(e.getMessage()), e);
        }
    }

    private static String requireString(Config block, String where, String key) {
        if (!block.hasPath(key)) {
            throw new InvalidInputException(where + "." + key, where + " lacks '" + key + "'");
        }
        return block.getString(key);
    }

    private static Duration duration(Config block, String key, Duration fallback) {
        return block.hasPath(key) ? block.getDuration(key) : fallback;
    }

    private static Path workingDirectory(Config root, String where, String text) {
        try {
            Path dir = Path.of(text);
            if (!dir.isAbsolute() && root.hasPath("latnas.home")) {
                dir = Path.of(root.getString("latnas.home")).resolve(dir);
            }
            return dir.normalize();
        } catch (InvalidPathException e) {
            throw new InvalidInputException(where + ".working-dir", where + ".working-dir '" + text
                    + "' is not a path: " + e.getReason());
        }
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s+", " ");
    }
}
