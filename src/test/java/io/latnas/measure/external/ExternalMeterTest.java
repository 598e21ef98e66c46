package io.latnas.measure.external;

import io.latnas.common.InvalidInputException;
import io.latnas.measure.external.MeasurementFailedException.Kind;
import io.latnas.space.Architecture;
import io.latnas.space.SearchSpace;
import io.latnas.space.SearchSpaces;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Drives {@link ExternalMeter} against fake_meter.py, a meter that misbehaves on request. */
class ExternalMeterTest {

    private static final SearchSpace SPACE = SearchSpaces.OFA_W12;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private Path script;
    private Path startsFile;
    private final List<ExternalMeter> opened = new ArrayList<>();

    @BeforeAll
    static void needsPython() {
        boolean found;
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            found = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            found = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            found = false;
        }
        assumeTrue(found, "python3 is not on the PATH; the fake meter needs it");
    }

    @BeforeEach
    void writeFakeMeter() throws IOException {
        script = dir.resolve("fake_meter.py");
        try (InputStream in = ExternalMeterTest.class.getResourceAsStream("fake_meter.py")) {
            Files.copy(in, script);
        }
        startsFile = dir.resolve("starts.txt");
    }

    @AfterEach
    void closeMeters() {
        opened.forEach(ExternalMeter::close);
    }

    private ExternalMeterSettings settings(Duration requestTimeout, int maxRestarts, String... modeAndArg) {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(modeAndArg));
        return new ExternalMeterSettings("fake", "fake-hw", command, Optional.of(dir),
                Map.of("FAKE_METER_STARTS", startsFile.toString()), requestTimeout, Duration.ofSeconds(10),
                Duration.ofSeconds(2), maxRestarts);
    }

    private ExternalMeter start(String... modeAndArg) {
        return start(settings(REQUEST_TIMEOUT, 3, modeAndArg));
    }

    private ExternalMeter start(ExternalMeterSettings settings) {
        ExternalMeter meter = ExternalMeter.start(settings, SPACE);
        opened.add(meter);
        return meter;
    }

    private int starts() throws IOException {
        return Files.exists(startsFile) ? Files.readAllLines(startsFile).size() : 0;
    }

    /** The fake meter's latency: sum of ks*e over the active layers * r / 100 * batch. */
    private static double expected(Architecture arch, int batch) {
        double work = 0;
        for (int layer = 0; layer < Architecture.MAX_LAYERS; layer++) {
            work += arch.kernelSize(layer) * arch.expandRatio(layer);
        }
        return work * arch.resolution() / 100.0 * batch;
    }

    private static Architecture arch(long seed) {
        return SPACE.sample(new SplittableRandom(seed));
    }

    /** Alive and not a zombie waiting to be reaped (Linux's state Z). */
    private static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return process.isAlive() && stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return process.isAlive();
        }
    }

    private static MeasurementFailedException failure(ExternalMeter meter, Architecture arch) {
        return catchThrowableOfType(MeasurementFailedException.class, () -> meter.measure(arch, 1));
    }

    @Test
    void reportsTheMetersLatencyWithItsDeviceAndMeta() {
        ExternalMeter meter = start("ok");
        Architecture arch = arch(1);

        Measurement m = meter.measure(arch, 4);

        // the fake also prints a reply-shaped line with 999999 ms on stderr, which must not be read
        assertThat(m.latencyMs()).isCloseTo(expected(arch, 4), within(1e-9));
        assertThat(m.architecture()).isEqualTo(arch);
        assertThat(m.batchSize()).isEqualTo(4);
        assertThat(m.device()).contains("\"name\":\"fake device\"").contains("\"protocol\":1");
        assertThat(m.meta()).isEqualTo("{\"runs\":5,\"space\":\"ofa-mbv3-w1.2\",\"width\":1.2}");
        assertThat(meter.latencyMs(arch, 1)).isCloseTo(expected(arch, 1), within(1e-9));
        assertThat(meter.kind()).isEqualTo("external");
        assertThat(meter.hardwareId()).isEqualTo("fake-hw");
        assertThat(meter.restarts()).isZero();
    }

    @Test
    void restartsACrashedMeterAndRetriesTheArchitectureOnce() throws IOException {
        ExternalMeter meter = start("crash-on", "2");
        Architecture first = arch(1);
        Architecture second = arch(2);

        assertThat(meter.latencyMs(first, 1)).isCloseTo(expected(first, 1), within(1e-9));
        assertThat(meter.latencyMs(second, 1)).isCloseTo(expected(second, 1), within(1e-9));

        assertThat(meter.restarts()).isEqualTo(1);
        assertThat(starts()).isEqualTo(2);
    }

    @Test
    void reportsAFailureAndNoNumberWhenTheRetryCrashesToo() throws IOException {
        ExternalMeter meter = start("crash-always");

        MeasurementFailedException e = failure(meter, arch(1));

        assertThat(e.kind()).isEqualTo(Kind.ATTEMPTS_FAILED);
        assertThat(e.meterUsable()).isTrue();
        assertThat(e.reason()).contains("exited with status 4").contains("RuntimeError: simulated crash");
        assertThat(e.getMessage()).startsWith("meter 'fake': ");
        assertThat(starts()).isEqualTo(2);
    }

    @Test
    void givesUpAfterTooManyRestartsInARow() throws IOException {
        ExternalMeter meter = start(settings(REQUEST_TIMEOUT, 2, "crash-always"));

        assertThat(failure(meter, arch(1)).kind()).isEqualTo(Kind.ATTEMPTS_FAILED);
        MeasurementFailedException gaveUp = failure(meter, arch(2));
        MeasurementFailedException after = failure(meter, arch(3));

        assertThat(gaveUp.kind()).isEqualTo(Kind.METER_UNAVAILABLE);
        assertThat(gaveUp.meterUsable()).isFalse();
        assertThat(gaveUp.reason()).contains("gave up after 2 restarts in a row").contains("exited with status 4");
        assertThat(after.kind()).isEqualTo(Kind.METER_UNAVAILABLE);
        assertThat(starts()).isEqualTo(3);
    }

    @Test
    void aReplyThatIsNotJsonFailsWithTheGarbageQuoted() throws IOException {
        ExternalMeter meter = start("garbage");

        MeasurementFailedException e = failure(meter, arch(1));

        assertThat(e.kind()).isEqualTo(Kind.ATTEMPTS_FAILED);
        assertThat(e.reason()).contains("'this is not json'").contains("not a JSON object");
        assertThat(starts()).isEqualTo(2);
    }

    @Test
    void aReplyToAnotherRequestIsNeverTakenForThisOne() {
        ExternalMeter meter = start("wrong-id");

        MeasurementFailedException e = failure(meter, arch(1));

        assertThat(e.kind()).isEqualTo(Kind.ATTEMPTS_FAILED);
        assertThat(e.reason()).contains("the meter answered request \"10\" while request '1' awaited its reply");
    }

    @Test
    void aLineAfterTheReplyPutsTheMeterOutOfStepAndItIsRestarted() {
        ExternalMeter meter = start("extra-line");
        Architecture first = arch(1);
        Architecture second = arch(2);

        assertThat(meter.latencyMs(first, 1)).isCloseTo(expected(first, 1), within(1e-9));
        assertThat(meter.latencyMs(second, 1)).isCloseTo(expected(second, 1), within(1e-9));

        assertThat(meter.restarts()).isEqualTo(1);
    }

    @Test
    void aMeterPastTheRequestTimeoutIsKilledRestartedAndTheFailureReported() throws IOException {
        ExternalMeter meter = start(settings(Duration.ofMillis(300), 3, "slow"));
        ProcessHandle first = meter.processHandle().orElseThrow();

        MeasurementFailedException e = failure(meter, arch(1));

        assertThat(e.kind()).isEqualTo(Kind.ATTEMPTS_FAILED);
        assertThat(e.reason()).contains("no reply to request '1' within 300 ms (the request timeout)")
                .contains("no reply to request '2' within 300 ms");
        assertThat(first.onExit()).succeedsWithin(Duration.ofSeconds(5));
        assertThat(starts()).isEqualTo(2);
    }

    @Test
    void aKilledMeterTakesTheProcessesItStartedWithIt() throws IOException {
        // "; exit" keeps bash from replacing itself with python, so python is bash's child
        ExternalMeterSettings wrapped = new ExternalMeterSettings("wrapped", "fake-hw",
                List.of("bash", "-c", "python3 \"$0\" slow; exit $?", script.toString()), Optional.of(dir),
                Map.of("FAKE_METER_STARTS", startsFile.toString()), Duration.ofMillis(300), Duration.ofSeconds(10),
                Duration.ofSeconds(2), 3);
        ExternalMeter meter = start(wrapped);

        assertThat(failure(meter, arch(1)).kind()).isEqualTo(Kind.ATTEMPTS_FAILED);

        List<String> pythons = Files.readAllLines(startsFile);
        assertThat(pythons).hasSize(2);
        for (String pid : pythons) {
            assertThat(ProcessHandle.of(Long.parseLong(pid.strip())).filter(ExternalMeterTest::running)).isEmpty();
        }
    }

    @Test
    void anErrorReplyIsReportedWithTheMetersMessageAndTheMeterCarriesOn() {
        ExternalMeter meter = start("error-from-batch", "8");
        Architecture arch = arch(1);

        MeasurementFailedException e = catchThrowableOfType(MeasurementFailedException.class,
                () -> meter.measure(arch, 8));

        assertThat(e.kind()).isEqualTo(Kind.METER_ERROR);
        assertThat(e.reason()).isEqualTo("the meter answered with an error: CUDA out of memory at batch 8");
        assertThat(meter.latencyMs(arch, 1)).isCloseTo(expected(arch, 1), within(1e-9));
        assertThat(meter.restarts()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1.5", "0", "NaN", "Infinity", "\"12.5\"", "missing"})
    void anUnusableLatencyIsReportedNotRecorded(String latency) {
        ExternalMeter meter = start("latency", latency);

        MeasurementFailedException e = failure(meter, arch(1));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_LATENCY);
        assertThat(e.reason()).contains(latency.equals("missing") ? "neither 'latency_ms' nor 'error'" : latency);
        assertThat(meter.restarts()).isZero();
    }

    @Test
    void concurrentCallersEachGetTheirOwnAnswer() throws Exception {
        ExternalMeter meter = start("ok");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    double[] got = new double[10];
                    for (int i = 0; i < got.length; i++) {
                        got[i] = meter.latencyMs(arch(thread * 100L + i), 1 + thread);
                    }
                    return got;
                }));
            }
            for (int t = 0; t < 4; t++) {
                double[] got = futures.get(t).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < got.length; i++) {
                    assertThat(got[i]).isCloseTo(expected(arch(t * 100L + i), 1 + t), within(1e-9));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(meter.restarts()).isZero();
    }

    @Test
    void closeEndsTheMeterAndLaterRequestsFail() {
        ExternalMeter meter = start("ok");
        ProcessHandle process = meter.processHandle().orElseThrow();

        meter.close();

        assertThat(process.isAlive()).isFalse();
        assertThat(meter.processHandle()).isEmpty();
        MeasurementFailedException e = failure(meter, arch(1));
        assertThat(e.kind()).isEqualTo(Kind.METER_UNAVAILABLE);
        assertThat(e.reason()).contains("closed");
    }

    @Test
    void closeDestroysAMeterThatIgnoresItsStdinClosing() {
        ExternalMeterSettings ignoring = settings(REQUEST_TIMEOUT, 3, "ignore-eof");
        ExternalMeter meter = start(new ExternalMeterSettings(ignoring.name(), ignoring.hardwareId(),
                ignoring.command(), ignoring.workingDirectory(), ignoring.environment(), ignoring.requestTimeout(),
                ignoring.startupTimeout(), Duration.ofMillis(200), ignoring.maxRestarts()));
        ProcessHandle process = meter.processHandle().orElseThrow();

        meter.close();

        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void aCommandThatCannotRunFailsAtStart() {
        ExternalMeterSettings missing = ExternalMeterSettings.of("nowhere", "hw",
                List.of(dir.resolve("no-such-meter").toString()));

        assertThatThrownBy(() -> ExternalMeter.start(missing, SPACE))
                .isInstanceOfSatisfying(MeasurementFailedException.class, e -> {
                    assertThat(e.kind()).isEqualTo(Kind.METER_UNAVAILABLE);
                    assertThat(e.reason()).startsWith("could not be started: cannot start ")
                            .contains("no-such-meter");
                });
    }

    @Test
    void aMeterOfAnotherProtocolVersionFailsAtStart() {
        assertThatThrownBy(() -> start("bad-protocol"))
                .isInstanceOf(MeasurementFailedException.class)
                .hasMessageContaining("the meter speaks protocol 2; LatencyNAS speaks protocol 1");
    }

    @Test
    void aMeterThatPrintsBeforeItsHandshakeFailsAtStartNamingTheLine() {
        assertThatThrownBy(() -> start("banner"))
                .isInstanceOf(MeasurementFailedException.class)
                .hasMessageContaining("'Loading model weights...'")
                .hasMessageContaining("stdout carries protocol lines only");
    }

    @Test
    void aMeterSilentPastTheStartupTimeoutFailsAtStart() {
        ExternalMeterSettings silent = settings(REQUEST_TIMEOUT, 3, "silent");
        ExternalMeterSettings quick = new ExternalMeterSettings(silent.name(), silent.hardwareId(), silent.command(),
                silent.workingDirectory(), silent.environment(), silent.requestTimeout(), Duration.ofMillis(500),
                silent.stopTimeout(), silent.maxRestarts());

        assertThatThrownBy(() -> start(quick))
                .isInstanceOf(MeasurementFailedException.class)
                .hasMessageContaining("no handshake reply within 500 ms (the startup timeout)");
    }

    @Test
    void refusesArchitecturesOutsideItsSpaceAndBadBatchSizesWithoutAskingTheMeter() {
        ExternalMeter meter = start("crash-always");
        Architecture outside = SearchSpaces.OFA_W12.sample(new SplittableRandom(1)).withResolution(100);

        assertThatThrownBy(() -> meter.measure(outside, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("r=100");
        assertThatThrownBy(() -> meter.measure(arch(1), 0)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("batch size 0");
        assertThat(meter.restarts()).isZero();
    }

    @Test
    void anInterruptedCallerGetsAFailureAndTheMeterRestartsForTheNext() throws Exception {
        ExternalMeter meter = start(settings(Duration.ofSeconds(30), 3, "slow"));
        Thread caller = Thread.currentThread();
        Thread interrupter = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            caller.interrupt();
        });
        interrupter.start();

        MeasurementFailedException e = failure(meter, arch(1));
        boolean interrupted = Thread.interrupted();
        interrupter.join();

        assertThat(interrupted).isTrue();
        assertThat(e.kind()).isEqualTo(Kind.INTERRUPTED);
        assertThat(meter.processHandle()).isEmpty();
        assertThat(starts()).isEqualTo(1);
    }
}
