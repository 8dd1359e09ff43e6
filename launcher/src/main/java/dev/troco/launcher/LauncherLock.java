package dev.troco.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One launcher per data directory: two would share Kafka's and PostgreSQL's files. The operating system drops
 * the lock when the JVM exits, however it exits, so a killed launcher never leaves a stale lock behind.
 */
final class LauncherLock {

    // Kept reachable for as long as the launcher runs: closing the channel would release the lock.
    private final FileChannel channel;
    private final FileLock lock;

    private LauncherLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static LauncherLock acquire(Path dataDir) throws LaunchException {
        Path file = dataDir.resolve("launcher.lock");
        try {
            FileChannel channel = FileChannel.open(file,
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
                throw new LaunchException("Another Troco launcher" + (owner.isEmpty() ? "" : " (pid " + owner + ")")
                        + " is running with the data directory " + dataDir + ". Stop it first (Ctrl-C in its "
                        + "terminal), or give this one its own --data-dir and --kafka/--postgres.");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            return new LauncherLock(channel, lock);
        } catch (IOException e) {
            throw new LaunchException("Could not lock " + file + ": " + e.getMessage(), e);
        }
    }
}
