package dev.troco.notification.delivery;

import dev.troco.kit.net.AddressGuard;
import dev.troco.kit.net.OutboundUrl;
import dev.troco.kit.net.RefusedAddressException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * POSTs one webhook over HTTP/1.1 to an address {@link AddressGuard} has just approved.
 *
 * <p>Why not {@code java.net.http.HttpClient}: on Java 17 it resolves the host itself, so the
 * address checked and the address connected to come from two lookups, and a name that changes its
 * answer in between (DNS rebinding) reaches an internal address. Here the guard resolves once, and
 * the socket connects to exactly the addresses it approved; TLS still verifies the certificate
 * against the host name and sends it as SNI.
 *
 * <p>Limits: the whole attempt (connect, TLS, request, response head and the first
 * {@link #RESPONSE_BODY_BYTES_MAX} bytes of the body) must end within the timeout; a watchdog
 * closes the socket when it does not. Redirects are never followed. The connection is closed after
 * each request ({@code Connection: close}): webhooks to one endpoint are seconds apart at best.
 */
public final class WebhookPoster implements AutoCloseable {

    /** How much of a response body is kept in the delivery log. */
    public static final int RESPONSE_BODY_BYTES_MAX = 1024;
    private static final int RESPONSE_HEAD_BYTES_MAX = 16 * 1024;
    private static final int INFORMATIONAL_RESPONSES_MAX = 5;
    private static final String USER_AGENT = "Troco-Webhooks/1.0";

    private final AddressGuard guard;
    private final Duration timeout;
    private final SSLSocketFactory tls;
    private final Clock clock;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "troco-webhook-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    public WebhookPoster(AddressGuard guard, Duration timeout, SSLSocketFactory tls, Clock clock) {
        this.guard = guard;
        this.timeout = timeout;
        this.tls = tls;
        this.clock = clock;
    }

    /** Sends {@code body} with {@code headers} (name, value) and reports what came back; never throws for the receiver's faults. */
    public PostResult post(OutboundUrl url, List<Map.Entry<String, String>> headers, byte[] body) {
        Instant startedAt = clock.instant();
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        try {
            List<InetAddress> addresses = guard.resolve(url.host(), url.port());
            Socket socket = connect(addresses, url.port(), deadline);
            ScheduledFuture<?> alarm = watchdog.schedule(() -> closeQuietly(socket),
                    Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            try (Socket channel = url.https() ? startTls(socket, url, deadline) : socket) {
                OutputStream out = new BufferedOutputStream(channel.getOutputStream());
                out.write(requestHead(url, headers, body.length));
                out.write(body);
                out.flush();
                Response response = readResponse(channel, new BufferedInputStream(channel.getInputStream()), deadline);
                return PostResult.response(startedAt, response.status(), elapsed(started), response.body(),
                        RetryAfter.parse(response.headers().get("retry-after"), clock.instant()));
            } finally {
                alarm.cancel(false);
                closeQuietly(socket);
            }
        } catch (RefusedAddressException e) {
            return PostResult.refused(startedAt, elapsed(started), "address refused: " + e.getMessage());
        } catch (UnknownHostException e) {
            return PostResult.failure(startedAt, elapsed(started), "host " + url.host() + " does not resolve");
        } catch (IOException e) {
            if (System.nanoTime() - deadline >= 0 || e instanceof SocketTimeoutException) {
                return PostResult.failure(startedAt, elapsed(started),
                        "timed out: no complete answer within " + timeout.toMillis() + " ms");
            }
            return PostResult.failure(startedAt, elapsed(started), describe(e));
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }

    /** Tries each approved address in turn (IPv4 and IPv6 answers of one name). */
    private static Socket connect(List<InetAddress> addresses, int port, long deadline) throws IOException {
        IOException last = null;
        for (InetAddress address : addresses) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), remainingMillis(deadline));
                return socket;
            } catch (IOException e) {
                closeQuietly(socket);
                last = e;
                if (System.nanoTime() - deadline >= 0) {
                    break;
                }
            }
        }
        throw last != null ? last : new ConnectException("no address to connect to");
    }

    private Socket startTls(Socket socket, OutboundUrl url, long deadline) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(socket, url.host(), url.port(), true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!url.host().contains(":") && !url.host().chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
            parameters.setServerNames(List.of(new SNIHostName(url.host())));
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(remainingMillis(deadline));
        ssl.startHandshake();
        return ssl;
    }

    private static byte[] requestHead(OutboundUrl url, List<Map.Entry<String, String>> headers, int contentLength) {
        StringBuilder head = new StringBuilder(512)
                .append("POST ").append(url.pathAndQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(url.hostHeader()).append("\r\n")
                .append("User-Agent: ").append(USER_AGENT).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(contentLength).append("\r\n")
                .append("Connection: close\r\n");
        for (Map.Entry<String, String> header : headers) {
            if (header.getValue().indexOf('\r') >= 0 || header.getValue().indexOf('\n') >= 0) {
                throw new IllegalArgumentException("header " + header.getKey() + " has a line break");
            }
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        return head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private record Response(int status, Map<String, String> headers, String body) {
    }

    private static Response readResponse(Socket socket, InputStream in, long deadline) throws IOException {
        for (int informational = 0; informational <= INFORMATIONAL_RESPONSES_MAX; informational++) {
            socket.setSoTimeout(remainingMillis(deadline));
            List<String> lines = readHead(in);
            if (lines.isEmpty()) {
                throw new IOException("malformed response: empty head");
            }
            int status = statusOf(lines.get(0));
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and the like: the real answer follows
            }
            Map<String, String> headers = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
                }
            }
            String body = status == 204 || status == 304 ? "" : readBodyStart(socket, in, headers, deadline);
            return new Response(status, headers, body);
        }
        throw new IOException("malformed response: too many informational answers");
    }

    /** The status line and header lines, up to the blank line that ends them. */
    private static List<String> readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while ((lastFour & 0xFFFF) != 0x0A0A && lastFour != 0x0D0A0D0A) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(head.size() == 0 ? "connection closed without an answer"
                        : "malformed response: connection closed inside the head");
            }
            head.write(b);
            if (head.size() > RESPONSE_HEAD_BYTES_MAX) {
                throw new IOException("malformed response: head longer than " + RESPONSE_HEAD_BYTES_MAX + " bytes");
            }
            lastFour = (lastFour << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1).lines().filter(line -> !line.isEmpty()).toList();
    }

    private static int statusOf(String statusLine) throws IOException {
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || parts[1].length() != 3) {
            throw new IOException("malformed response: status line '" + abbreviate(statusLine) + "'");
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed response: status line '" + abbreviate(statusLine) + "'");
        }
    }

    /** At most {@link #RESPONSE_BODY_BYTES_MAX} bytes of the body, de-chunked; the rest is never read. */
    private static String readBodyStart(Socket socket, InputStream in, Map<String, String> headers, long deadline)
            throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String transferEncoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (transferEncoding.contains("chunked")) {
            while (body.size() < RESPONSE_BODY_BYTES_MAX) {
                socket.setSoTimeout(remainingMillis(deadline));
                long size = chunkSize(readLine(in));
                if (size == 0) {
                    break;
                }
                copy(socket, in, body, (int) Math.min(size, RESPONSE_BODY_BYTES_MAX - body.size()), deadline);
                if (body.size() >= RESPONSE_BODY_BYTES_MAX) {
                    break;
                }
                readLine(in); // the CRLF that ends the chunk
            }
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length").trim());
            } catch (NumberFormatException e) {
                throw new IOException("malformed response: Content-Length '" + abbreviate(headers.get("content-length")) + "'");
            }
            copy(socket, in, body, (int) Math.min(length, RESPONSE_BODY_BYTES_MAX), deadline);
        } else {
            copy(socket, in, body, RESPONSE_BODY_BYTES_MAX, deadline); // until the server closes
        }
        return text(body.toByteArray());
    }

    private static void copy(Socket socket, InputStream in, ByteArrayOutputStream out, int bytes, long deadline)
            throws IOException {
        byte[] buffer = new byte[Math.max(1, bytes)];
        int copied = 0;
        while (copied < bytes) {
            socket.setSoTimeout(remainingMillis(deadline));
            int read = in.read(buffer, 0, bytes - copied);
            if (read < 0) {
                return;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
    }

    private static long chunkSize(String line) throws IOException {
        String size = line.contains(";") ? line.substring(0, line.indexOf(';')) : line;
        try {
            return Long.parseLong(size.trim(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("malformed response: chunk size '" + abbreviate(line) + "'");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > RESPONSE_HEAD_BYTES_MAX) {
                throw new IOException("malformed response: line too long");
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** UTF-8 with replacement characters where the cut split a character; no NUL, which PostgreSQL text refuses. */
    private static String text(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes)).toString().replace("\u0000", "");
        } catch (java.nio.charset.CharacterCodingException e) {
            return "";
        }
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        if (e instanceof SSLException) {
            return "TLS failed: " + e.getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static int remainingMillis(long deadline) throws SocketTimeoutException {
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    private static Duration elapsed(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing after the attempt is over; nothing left to report
        }
    }
}
