package io.latnas.cli;

import java.io.PrintWriter;

/**
 * Progress of a long command on standard error: a redrawn bar on a terminal, a plain line every
 * tenth of the way otherwise (so logs and CI output stay readable).
 */
final class Progress implements AutoCloseable {

    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastDraw;
    private int lastTenth = -1;
    private long done;

    Progress(PrintWriter err, String label, long total) {
        this(err, label, total, System.console() != null);
    }

    Progress(PrintWriter err, String label, long total, boolean terminal) {
        this.err = err;
        this.label = label;
        this.total = Math.max(1, total);
        this.terminal = terminal;
    }

    synchronized void advance(long n) {
        done += n;
        if (terminal) {
            long now = System.nanoTime();
            if (now - lastDraw >= REDRAW_NANOS || done >= total) {
                lastDraw = now;
                int filled = (int) (BAR_WIDTH * Math.min(done, total) / total);
                err.printf("\r%s [%s%s] %d/%d %s", label, "#".repeat(filled), " ".repeat(BAR_WIDTH - filled), done,
                        total, rate());
                err.flush();
            }
        } else {
            int tenth = (int) (10 * Math.min(done, total) / total);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                err.printf("%s: %d/%d (%d%%) %s%n", label, done, total, tenth * 10, rate());
                err.flush();
            }
        }
    }

    private String rate() {
        double seconds = (System.nanoTime() - started) / 1e9;
        return seconds <= 0 ? "" : String.format("%.0f/s", done / seconds);
    }

    @Override
    public synchronized void close() {
        if (terminal) {
            err.println();
            err.flush();
        }
    }
}
