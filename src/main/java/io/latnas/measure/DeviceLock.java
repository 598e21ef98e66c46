package io.latnas.measure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps measurements on this machine from overlapping, so that no meter times another's load. Within
 * a JVM a fair lock admits one measurement at a time (ND4J's thread settings are process-wide, so a
 * lock per meter would not be enough); across JVMs an exclusive lock on a file in the temporary
 * directory does the same. Two meters on one machine, in one process or in two, therefore take turns.
 * Programs that do not measure through this lock are not held back: the load average recorded with each
 * measurement shows whether they were busy.
 */
final class DeviceLock {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceLock.class);

    /** The one lock of this machine. */
    static final DeviceLock MACHINE = new DeviceLock(Path.of(System.getProperty("java.io.tmpdir"),
            "latnas-measure.lock"));

    private final ReentrantLock local = new ReentrantLock(true);
    private final Path file;
    private boolean warned;

    DeviceLock(Path file) {
        this.file = file;
    }

    /** Blocks until this thread alone may measure on the machine; close the result to let others in. */
    Held acquire() {
        local.lock();
        if (local.getHoldCount() > 1) {
            return new Held(null, null);
        }
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                return new Held(channel, channel.lock());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            if (!warned) {
                warned = true;
                LOG.warn("cannot lock {} ({}); measurements in other processes may overlap with this one's",
                        file, e.getMessage());
            }
            return new Held(null, null);
        } catch (RuntimeException e) {
            local.unlock();
            throw e;
        }
    }

    /** The lock while held. */
    final class Held implements AutoCloseable {

        private final FileChannel channel;
        private final FileLock fileLock;

        private Held(FileChannel channel, FileLock fileLock) {
            this.channel = channel;
            this.fileLock = fileLock;
        }

        @Override
        public void close() {
            try {
                if (fileLock != null) {
                    fileLock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                LOG.warn("cannot release {}: {}", file, e.getMessage());
            } finally {
                local.unlock();
            }
        }
    }
}
