package io.vidfleet.common.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets FFmpeg read a stored object by HTTP range requests on loopback while the object store is asked
 * only for bounded byte ranges. FFmpeg asks for "from here to the end" and hangs up when it seeks; a
 * presigned URL would have the store stream the rest of the object into the network until then. Here
 * each response is fetched in blocks (64 KiB, doubling to 512 KiB while FFmpeg keeps reading in order), so
 * a seek wastes at most one block, and the bytes fetched per object are counted.
 */
public final class LoopbackRangeServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoopbackRangeServer.class);
    private static final int FIRST_BLOCK = 64 << 10;
    private static final int LARGEST_BLOCK = 512 << 10;
    private static final int SOCKET_BUFFER = 64 << 10;
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    private final ChunkStorage storage;
    private final ServerSocket server;
    private final Map<String, Served> served = new ConcurrentHashMap<>();

    /** One object being served: its key, size and the bytes fetched for it so far. */
    public final class Served implements AutoCloseable {
        private final String token = UUID.randomUUID().toString();
        private final String key;
        private final long size;
        private final AtomicLong fetched = new AtomicLong();

        private Served(String key) {
            this.key = key;
            this.size = storage.size(key);
        }

        public MediaInput input() {
            // a small receive buffer: FFmpeg's hang-up on a seek then stops the fetching at once
            List<String> options = new java.util.ArrayList<>(io.vidfleet.common.media.InputPolicy.inputOptions("http,tcp"));
            options.addAll(List.of("-recv_buffer_size", Integer.toString(SOCKET_BUFFER)));
            return new MediaInput("http://127.0.0.1:" + server.getLocalPort() + "/" + token, options);
        }

        /** Bytes asked of the store for this object so far. */
        public long bytesFetched() {
            return fetched.get();
        }

        public long size() {
            return size;
        }

        @Override
        public void close() {
            served.remove(token);
        }
    }

    public LoopbackRangeServer(ChunkStorage storage) {
        this.storage = storage;
        try {
            this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot listen on loopback", e);
        }
        Thread accept = new Thread(this::acceptLoop, "range-server");
        accept.setDaemon(true);
        accept.start();
    }

    /** Serves a key until the returned handle is closed. @throws MissingKeyException */
    public Served serve(String key) {
        Served object = new Served(key);
        served.put(object.token, object);
        return object;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setSendBufferSize(SOCKET_BUFFER); // little read-ahead between this server and FFmpeg
                Thread thread = new Thread(() -> handle(socket), "range-request");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket socket) {
        try (socket) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            String requestLine = reader.readLine();
            String range = null;
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                if (line.regionMatches(true, 0, "Range:", 0, 6)) {
                    range = line.substring(6).trim();
                }
            }
            OutputStream out = socket.getOutputStream();
            String[] parts = requestLine == null ? new String[0] : requestLine.split(" ");
            Served object = parts.length >= 2 ? served.get(parts[1].substring(1)) : null;
            if (object == null || !(parts[0].equals("GET") || parts[0].equals("HEAD"))) {
                reply(out, "404 Not Found", "Content-Length: 0\r\n");
                return;
            }
            respond(object, parts[0].equals("HEAD"), range, out);
        } catch (IOException e) {
            log.trace("range request ended: {}", e.getMessage()); // FFmpeg hung up to seek
        } catch (RuntimeException e) {
            log.warn("range request failed: {}", e.getMessage());
        }
    }

    private void respond(Served object, boolean head, String range, OutputStream out) throws IOException {
        long start = 0;
        long end = object.size - 1;
        Matcher m = range == null ? null : RANGE.matcher(range);
        boolean partial = m != null && m.matches();
        if (partial) {
            start = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty()) {
                end = Math.min(end, Long.parseLong(m.group(2)));
            }
            if (start >= object.size) {
                reply(out, "416 Range Not Satisfiable", "Content-Range: bytes */" + object.size + "\r\nContent-Length: 0\r\n");
                return;
            }
        }
        long length = Math.max(0, end - start + 1);
        String headers = "Accept-Ranges: bytes\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n"
                + (partial ? "Content-Range: bytes " + start + "-" + end + "/" + object.size + "\r\n" : "");
        reply(out, partial ? "206 Partial Content" : "200 OK", headers);
        if (!head) {
            stream(object, start, length, out);
        }
    }

    private void stream(Served object, long start, long length, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long position = start;
        long remaining = length;
        int block = FIRST_BLOCK;
        while (remaining > 0) {
            long take = Math.min(block, remaining);
            object.fetched.addAndGet(take);
            try (InputStream in = storage.open(object.key, position, take)) {
                long before = remaining;
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    position += n;
                    remaining -= n;
                }
                if (remaining == before) {
                    throw new IOException("the store returned nothing at offset " + position + " of " + object.key);
                }
            }
            out.flush();
            block = Math.min(LARGEST_BLOCK, block * 2);
        }
    }

    private static void reply(OutputStream out, String status, String headers) throws IOException {
        out.write(("HTTP/1.1 " + status + "\r\n" + headers + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
