package io.latnas.measure.external;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One running meter command: its stdin for requests, a reader thread that queues its stdout lines,
 * and another that logs its stderr and keeps the last few lines to explain a crash. Not thread-safe;
 * {@link ExternalMeter} holds its lock around every call.
 */
final class MeterProcess {

    private static final Logger log = LoggerFactory.getLogger(ExternalMeter.class);
    /** Everything meters print on stderr, one log line per line, never parsed. */
    private static final Logger stderrLog = LoggerFactory.getLogger(ExternalMeter.class.getPackageName() + ".stderr");

    /** Longer stdout lines are cut: no reply of the protocol comes near it, and memory stays bounded. */
    static final int MAX_LINE_CHARS = 1 << 16;
    /** Unread stdout lines kept; a meter that floods stdout loses the rest, and is out of step anyway. */
    private static final int MAX_PENDING_LINES = 64;
    private static final int STDERR_TAIL_LINES = 6;
    private static final int STDERR_TAIL_CHARS = 300;
    /** How long a crash report waits for the exit status and the last stderr lines. */
    private static final Duration EXIT_GRACE = Duration.ofMillis(500);
    /** How long a kill waits for the processes to be gone. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);

    private final String meterName;
    private final Process process;
    private final Writer stdin;
    /** Stdout lines in order; an empty Optional once stdout is closed. */
    private final BlockingQueue<Optional<String>> stdout = new LinkedBlockingQueue<>();
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderrReader;
    private String device;

    private MeterProcess(String meterName, Process process, int generation) {
        this.meterName = meterName;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String prefix = "meter-" + meterName + "-" + generation;
        Thread stdoutReader = new Thread(() -> readStdout(process.getInputStream()), prefix + "-stdout");
        stdoutReader.setDaemon(true);
        stdoutReader.start();
        this.stderrReader = new Thread(() -> readStderr(process.getErrorStream()), prefix + "-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    /**
     * Starts the command and holds the handshake with it.
     *
     * @param generation how many processes this meter started before, for thread names and logs
     * @throws AttemptFailure when the command cannot be started or does not complete the handshake in
     *                        time; the process is killed first
     */
    static MeterProcess start(ExternalMeterSettings settings, int generation) throws AttemptFailure {
        ProcessBuilder builder = new ProcessBuilder(settings.command());
        settings.workingDirectory().ifPresent(dir -> builder.directory(dir.toFile()));
        builder.environment().putAll(settings.environment());
        Process process;
        try {
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new AttemptFailure("cannot start " + String.join(" ", settings.command())
                    + settings.workingDirectory().map(d -> " in " + d).orElse("") + ": " + e.getMessage());
        }
        log.info("meter '{}': started pid {} ({})", settings.name(), process.pid(), String.join(" ", settings.command()));
        MeterProcess meter = new MeterProcess(settings.name(), process, generation);
        try {
            meter.send(MeterProtocol.hello());
            String reply = meter.await(settings.startupTimeout(), "handshake reply", "the startup timeout");
            meter.device = MeterProtocol.device(reply);
            return meter;
        } catch (AttemptFailure e) {
            meter.kill();
            throw e;
        }
    }

    /** The device description of the handshake, as one line of JSON. */
    String device() {
        return device;
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * What the meter did on stdout since its last reply, when it did anything: a line nobody asked for,
     * or closing stdout (exiting). Either way it is out of step and must be restarted.
     */
    Optional<String> outOfStep() {
        Optional<String> pending = stdout.poll();
        if (pending == null) {
            return Optional.empty();
        }
        return Optional.of(pending.isPresent()
                ? "the meter printed " + MeterProtocol.quote(pending.get()) + " after its last reply"
                : ended("it closed its stdout between requests"));
    }

    /** Writes one protocol line to the meter's stdin. */
    void send(String line) throws AttemptFailure {
        try {
            stdin.write(line);
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw new AttemptFailure(ended("its stdin could not be written (" + e.getMessage() + ")"));
        }
    }

    /**
     * The meter's next stdout line.
     *
     * @param awaiting what the line should be, for the reason when none comes
     * @param limit    which limit {@code timeout} is, for the reason when it runs out
     * @throws AttemptFailure when the meter ends its stdout (usually by exiting) or the time runs out
     */
    String await(Duration timeout, String awaiting, String limit) throws AttemptFailure {
        Optional<String> line;
        try {
            line = stdout.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptFailure("interrupted while awaiting the " + awaiting);
        }
        if (line == null) {
            throw new AttemptFailure("no " + awaiting + " within " + describe(timeout) + " (" + limit
                    + "); the meter was killed");
        }
        if (line.isEmpty()) {
            throw new AttemptFailure(ended("it closed its stdout with no " + awaiting));
        }
        return line.get();
    }

    /** Why the meter stopped answering: its exit status if it exited, and its last stderr lines. */
    private String ended(String what) {
        boolean exited;
        try {
            exited = process.waitFor(EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            stderrReader.join(EXIT_GRACE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exited = !process.isAlive();
        }
        StringBuilder reason = new StringBuilder("the meter ");
        reason.append(exited ? "exited with status " + process.exitValue() : "stopped answering");
        reason.append(": ").append(what);
        List<String> tail;
        synchronized (stderrTail) {
            tail = List.copyOf(stderrTail);
        }
        if (!tail.isEmpty()) {
            reason.append("; its last stderr lines: ")
                    .append(tail.stream().map(MeterProtocol::quote).collect(Collectors.joining(" | ")));
        }
        return reason.toString();
    }

    /**
     * Kills the meter and everything it started, at once, and waits a little for them to be gone: a
     * meter restarted while the old one still holds the GPU's memory could fail for want of it.
     */
    void kill() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        closeQuietly();
        awaitExit(children);
        log.info("meter '{}': killed pid {}", meterName, process.pid());
    }

    /**
     * Ends the meter politely: closes its stdin, which tells it to exit, and waits {@code grace} for
     * that; then asks the system to terminate it, and finally kills it.
     */
    void stop(Duration grace) {
        List<ProcessHandle> children = process.descendants().toList();
        closeQuietly();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("meter '{}': pid {} did not exit within {} of its stdin closing; terminating it",
                        meterName, process.pid(), describe(grace));
                process.destroy();
                if (!process.waitFor(1, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        children.stream().filter(MeterProcess::running).forEach(ProcessHandle::destroyForcibly);
        awaitExit(children);
        log.info("meter '{}': pid {} stopped", meterName, process.pid());
    }

    private void awaitExit(List<ProcessHandle> children) {
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        try {
            process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            while (children.stream().anyMatch(MeterProcess::running) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (process.isAlive() || children.stream().anyMatch(MeterProcess::running)) {
            log.warn("meter '{}': pid {} or a process it started is still alive after being killed", meterName,
                    process.pid());
        }
    }

    /**
     * Whether a process still runs. A killed grandchild stays a zombie until the system's init reaps
     * it, which can take seconds, yet it holds no memory or device any more: Linux shows it as state Z.
     */
    private static boolean running(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return handle.isAlive();
        }
    }

    private void closeQuietly() {
        try {
            stdin.close();
        } catch (IOException e) {
            // the meter is gone already; nothing more to tell it
        }
    }

    private void readStdout(InputStream in) {
        try (Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = readLine(reader)) != null) {
                if (stdout.size() < MAX_PENDING_LINES) {
                    stdout.add(Optional.of(line));
                }
            }
        } catch (IOException e) {
            log.debug("meter '{}': stdout read ended: {}", meterName, e.getMessage());
        } finally {
            stdout.add(Optional.empty());
        }
    }

    private void readStderr(InputStream in) {
        try (Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = readLine(reader)) != null) {
                stderrLog.info("[{}] {}", meterName, line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line.length() > STDERR_TAIL_CHARS ? line.substring(0, STDERR_TAIL_CHARS) : line);
                }
            }
        } catch (IOException e) {
            log.debug("meter '{}': stderr read ended: {}", meterName, e.getMessage());
        }
    }

    /** A line without its terminator, cut after {@link #MAX_LINE_CHARS}; null at the end of the stream. */
    private static String readLine(Reader reader) throws IOException {
        StringBuilder line = new StringBuilder(128);
        int dropped = 0;
        int c;
        while ((c = reader.read()) != -1 && c != '\n') {
            if (line.length() < MAX_LINE_CHARS) {
                line.append((char) c);
            } else {
                dropped++;
            }
        }
        if (c == -1 && line.length() == 0) {
            return null;
        }
        if (line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        if (dropped > 0) {
            line.append("... (").append(dropped).append(" more chars cut)");
        }
        return line.toString();
    }

    /** A duration as a person writes it: 300 ms, 30 s. */
    static String describe(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
