package dev.troco.launcher;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * A local SMTP server (GreenMail, inside the launcher's JVM) on 127.0.0.1:13025, so e-mail works on one
 * machine without a real mail server: the notification-service sends to it, and every mail received is
 * saved as an {@code .eml} file in {@code .troco/mail/} (open it with any mail program, or read it as text).
 * Nothing is relayed anywhere.
 */
final class LocalMailServer implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int PORT = 13025;
    private static final long POLL_MS = 300;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final GreenMail smtp;
    private final Path directory;
    private final Set<String> saved = new HashSet<>();
    private final Thread saver;
    private volatile boolean running = true;
    private int count;

    private LocalMailServer(GreenMail smtp, Path directory) {
        this.smtp = smtp;
        this.directory = directory;
        this.saver = new Thread(this::saveLoop, "troco-mail-saver");
        saver.setDaemon(true);
        saver.start();
    }

    static LocalMailServer start(Path directory) throws LaunchException {
        return start(directory, PORT);
    }

    static LocalMailServer start(Path directory, int port) throws LaunchException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new LaunchException("Could not create " + directory + ": " + e.getMessage(), e);
        }
        GreenMail smtp = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP));
        try {
            smtp.start();
        } catch (RuntimeException e) {
            throw new LaunchException("Could not start the local SMTP server on " + HOST + ":" + port + ": "
                    + e.getMessage(), e);
        }
        return new LocalMailServer(smtp, directory);
    }

    Path directory() {
        return directory;
    }

    private void saveLoop() {
        while (running) {
            saveNew();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Writes every mail not written yet; a mail is known by its raw bytes' hash, whatever order GreenMail lists them in. */
    synchronized void saveNew() {
        for (MimeMessage message : smtp.getReceivedMessages()) {
            try {
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                message.writeTo(raw);
                byte[] bytes = raw.toByteArray();
                String key = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                if (saved.add(key)) {
                    count++;
                    String name = FILE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)) + "-" + String.format("%04d", count)
                            + "-" + recipient(message) + ".eml";
                    Files.write(directory.resolve(name), bytes);
                }
            } catch (IOException | MessagingException | NoSuchAlgorithmException e) {
                System.err.println("troco: could not save a received mail: " + e.getMessage());
            }
        }
    }

    /** The first recipient, reduced to characters safe in a file name. */
    private static String recipient(MimeMessage message) throws MessagingException {
        var to = message.getAllRecipients();
        String first = to == null || to.length == 0 ? "unknown" : to[0].toString();
        String safe = first.replaceAll("[^A-Za-z0-9@._+-]", "_");
        return safe.length() > 80 ? safe.substring(0, 80) : safe;
    }

    @Override
    public void close() {
        running = false;
        saver.interrupt();
        saveNew();
        smtp.stop();
    }
}
