package io.latnas.measure.external;

import io.latnas.space.Architecture;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs examples/meters/pytorch_ofa_meter.py on the CPU through {@link ExternalMeter}. Skipped where
 * the Python (python3, or LATNAS_TORCH_PYTHON when set) cannot import torch.
 */
class PytorchExampleMeterTest {

    private static final Path ROOT = Path.of(System.getProperty("latnas.home", "."));
    private static final Path SCRIPT = ROOT.resolve("examples/meters/pytorch_ofa_meter.py");
    private static final String PYTHON = Optional.ofNullable(System.getenv("LATNAS_TORCH_PYTHON")).orElse("python3");

    @BeforeAll
    static void needsTorch() {
        boolean found;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            found = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            found = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            found = false;
        }
        assumeTrue(found, PYTHON + " cannot import torch; the example meter needs it");
        assumeTrue(Files.isRegularFile(SCRIPT), "no " + SCRIPT);
    }

    @Test
    void theExampleMeterTimesSubnetsOnTheCpu() {
        ExternalMeterSettings settings = new ExternalMeterSettings("pytorch-cpu", "this-cpu",
                List.of(PYTHON, SCRIPT.toString(), "--device", "cpu", "--threads", "1", "--warmup", "1",
                        "--runs", "3", "--builder", "builtin"),
                Optional.empty(), Map.of(), Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofSeconds(5), 1);
        SplittableRandom rng = new SplittableRandom(7);
        try (ExternalMeter meter = ExternalMeter.start(settings, SearchSpaces.OFA_W12)) {
            Architecture small = SearchSpaces.OFA_W12.sample(rng).withResolution(128);
            Architecture other = SearchSpaces.OFA_W12.sample(rng).withResolution(128);

            Measurement first = meter.measure(small, 1);
            Measurement second = meter.measure(other, 2);

            assertThat(first.latencyMs()).isPositive();
            assertThat(second.latencyMs()).isPositive();
            assertThat(meter.device()).contains("\"builder\":\"builtin\"").contains("\"dtype\":\"float32\"");
            assertThat(first.meta()).contains("\"runs\":3").contains("\"torch\":");
            assertThat(meter.restarts()).isZero();
        }
    }
}
