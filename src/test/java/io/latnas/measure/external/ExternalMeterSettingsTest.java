package io.latnas.measure.external;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.latnas.common.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExternalMeterSettingsTest {

    private static Config config(String text) {
        return ConfigFactory.parseString(text).resolve();
    }

    @Test
    void readsAMeterBlockWithDefaultsForWhatItLeavesOut() {
        Config config = config("""
                latnas.meters.external {
                  my-phone { hardware = note10, command = ["adb", "shell", "/data/local/tmp/meter"], timeout = 30s }
                }
                """);

        ExternalMeterSettings phone = ExternalMeterSettings.fromConfig(config, "my-phone");

        assertThat(phone).isEqualTo(new ExternalMeterSettings("my-phone", "note10",
                List.of("adb", "shell", "/data/local/tmp/meter"), Optional.empty(), Map.of(), Duration.ofSeconds(30),
                ExternalMeterSettings.DEFAULT_STARTUP_TIMEOUT, ExternalMeterSettings.DEFAULT_STOP_TIMEOUT,
                ExternalMeterSettings.DEFAULT_MAX_RESTARTS));
    }

    @Test
    void readsEveryKeyAndResolvesTheWorkingDirectoryAgainstHome() {
        Config config = config("""
                latnas.home = "/opt/latnas"
                latnas.meters.external.gpu-box {
                  hardware = rtx2080ti
                  command = ["python3", "examples/meters/pytorch_ofa_meter.py", "--device", "cuda:0"]
                  working-dir = "."
                  environment { CUDA_VISIBLE_DEVICES = 1, OMP_NUM_THREADS = "4" }
                  timeout = 10s
                  startup-timeout = 3m
                  stop-timeout = 500ms
                  max-restarts = 0
                }
                """);

        ExternalMeterSettings box = ExternalMeterSettings.fromConfig(config).get("gpu-box");

        assertThat(box.workingDirectory()).contains(Path.of("/opt/latnas"));
        assertThat(box.environment()).containsExactly(Map.entry("CUDA_VISIBLE_DEVICES", "1"),
                Map.entry("OMP_NUM_THREADS", "4"));
        assertThat(box.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(box.startupTimeout()).isEqualTo(Duration.ofMinutes(3));
        assertThat(box.stopTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(box.maxRestarts()).isZero();
    }

    @Test
    void listsMetersByNameAndNoneWhenTheBlockIsAbsent() {
        Config config = config("""
                latnas.meters.external {
                  b { hardware = x, command = [b] }
                  a { hardware = y, command = [a] }
                }
                """);

        assertThat(ExternalMeterSettings.fromConfig(config).keySet()).containsExactly("a", "b");
        assertThat(ExternalMeterSettings.fromConfig(config("latnas.home = \".\""))).isEmpty();
    }

    @Test
    void theShippedMetersConfParsesToNoMeters() {
        Config shipped = ConfigFactory.parseResources("meters.conf");
        Config config = ConfigFactory.empty().withValue("latnas.meters", shipped.root()).resolve();

        assertThat(shipped.isEmpty()).isFalse();
        assertThat(ExternalMeterSettings.fromConfig(config)).isEmpty();
    }

    @Test
    void namesTheMeterAndKeyOfAMistake() {
        assertThatThrownBy(() -> ExternalMeterSettings.fromConfig(config(
                "latnas.meters.external.p { hardware = x, command = [a], timout = 3s }")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("unknown key 'timout' in latnas.meters.external.p; known: hardware, command");
        assertThatThrownBy(() -> ExternalMeterSettings.fromConfig(config(
                "latnas.meters.external.p { hardware = x }")))
                .hasMessageContaining("latnas.meters.external.p lacks 'command'");
        assertThatThrownBy(() -> ExternalMeterSettings.fromConfig(config(
                "latnas.meters.external.p { command = [a] }")))
                .hasMessageContaining("latnas.meters.external.p lacks 'hardware'");
        assertThatThrownBy(() -> ExternalMeterSettings.fromConfig(config(
                "latnas.meters.external.p { hardware = x, command = [] }")))
                .hasMessageContaining("needs a command");
        assertThatThrownBy(() -> ExternalMeterSettings.fromConfig(config(
                "latnas.meters.external.p { hardware = x, command = [a], timeout = soon }")))
                .hasMessageContaining("latnas.meters.external.p:");
        assertThatThrownBy(() -> ExternalMeterSettings.fromConfig(config(
                "latnas.meters.external.p { hardware = x, command = [a], timeout = 0s }")))
                .hasMessageContaining("timeout must be a positive duration");
    }

    @Test
    void anUnknownMeterNameListsTheConfiguredOnes() {
        Config config = config("latnas.meters.external { a { hardware = y, command = [a] } }");

        assertThatThrownBy(() -> ExternalMeterSettings.fromConfig(config, "b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("no external meter 'b' under latnas.meters.external; configured: a");
    }
}
