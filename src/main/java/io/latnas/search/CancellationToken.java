package io.latnas.search;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Asks a running search to stop. The search looks at it between generations (and between rounds
 * of its initial sampling), so it stops within one generation of {@link #cancel()}. Safe to cancel
 * from any thread.
 */
public final class CancellationToken {

    private final AtomicBoolean cancelled = new AtomicBoolean();

    /** A token nobody cancels. */
    public static CancellationToken none() {
        return new CancellationToken();
    }

    public void cancel() {
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
