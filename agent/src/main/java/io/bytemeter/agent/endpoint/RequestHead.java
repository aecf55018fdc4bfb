package io.bytemeter.agent.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.x request line and headers, read with caps so that no client can make the endpoint
 * buffer more than {@link #MAX_LINE} per line and {@link #MAX_HEAD} in all. The body, if any, is
 * never read: the endpoint answers GET and HEAD only and closes a connection that sent one.
 */
final class RequestHead {

    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEAD = 16 * 1024;
    static final int MAX_HEADERS = 100;

    final String method;
    final String path;
    final boolean http11;
    private final Map<String, String> headers;

    private RequestHead(String method, String path, boolean http11, Map<String, String> headers) {
        this.method = method;
        this.path = path;
        this.http11 = http11;
        this.headers = headers;
    }

    /** A header by case-insensitive name, or null. */
    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the client asked to keep the connection open (HTTP/1.1 does unless it says close). */
    boolean keepAlive() {
        String connection = header("connection");
        return connection == null ? http11 : connection.equalsIgnoreCase("keep-alive") || http11 && !connection.equalsIgnoreCase("close");
    }

    /** Whether a body follows the head; the connection then cannot carry another request. */
    boolean hasBody() {
        String length = header("content-length");
        return header("transfer-encoding") != null || length != null && !length.trim().equals("0");
    }

    /**
     * Reads the next request's head.
     *
     * @return null when the connection ended cleanly before a new request
     * @throws Rejected with the status to answer when the head is malformed or too large
     */
    static RequestHead read(InputStream in) throws IOException {
        int[] budget = {MAX_HEAD};
        String requestLine = line(in, budget, 414, true);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || parts[0].isEmpty() || !parts[1].startsWith("/") || !parts[2].startsWith("HTTP/1.")) {
            throw new Rejected(400, "not an HTTP/1.x request line");
        }
        Map<String, String> headers = new HashMap<>();
        for (int count = 0; ; count++) {
            String header = line(in, budget, 431, false);
            if (header == null) {
                throw new Rejected(400, "the request ended inside its headers");
            }
            if (header.isEmpty()) {
                break;
            }
            int colon = header.indexOf(':');
            if (colon <= 0 || count == MAX_HEADERS) {
                throw new Rejected(count == MAX_HEADERS ? 431 : 400, count == MAX_HEADERS ? "too many headers" : "a header without a name");
            }
            headers.merge(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim(),
                    (first, next) -> first + ", " + next);
        }
        String target = parts[1];
        int query = target.indexOf('?');
        return new RequestHead(parts[0], query < 0 ? target : target.substring(0, query), parts[2].equals("HTTP/1.1"), headers);
    }

    /** One line without its CR LF (a bare LF ends one too), or null at the end of the stream before any byte. */
    private static String line(InputStream in, int[] budget, int tooLong, boolean first) throws IOException {
        byte[] bytes = new byte[128];
        int length = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (length == 0 && first) {
                    return null;
                }
                throw new Rejected(400, "the request ended inside a line");
            }
            if (b == '\n') {
                if (length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (length == MAX_LINE || --budget[0] < 0) {
                throw new Rejected(tooLong, tooLong == 414 ? "request line too long" : "request headers too large");
            }
            if (length == bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(bytes.length * 2, MAX_LINE));
            }
            bytes[length++] = (byte) b;
        }
    }

    /** A request the endpoint refuses, with the status to answer; the connection is closed after. */
    static final class Rejected extends IOException {
        final int status;

        Rejected(int status, String reason) {
            super(reason);
            this.status = status;
        }
    }
}
