package io.vidfleet.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP endpoint on loopback (the JDK's server) that records every request and answers with the
 * next scripted status (then 200), or never answers at all.
 */
final class WebhookReceiver implements AutoCloseable {
    record Request(Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Request> received = new LinkedBlockingQueue<>();
    private final List<Integer> script = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean hang;
    private volatile int always;
    private volatile String redirectTo = "http://127.0.0.1:9/elsewhere";

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            total.incrementAndGet();
            received.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body));
            if (hang) {
                try {
                    release.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            int status = always;
            synchronized (script) {
                if (status == 0) {
                    status = script.isEmpty() ? 200 : script.remove(0);
                }
            }
            if (status >= 300 && status < 400) {
                exchange.getResponseHeaders().set("Location", redirectTo);
            }
            byte[] reply = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    /** Answers these statuses first, in order, then 200. */
    WebhookReceiver answering(Integer... statuses) {
        synchronized (script) {
            script.addAll(List.of(statuses));
        }
        return this;
    }

    /** Answers every request with {@code status} (0: back to the script, then 200). */
    WebhookReceiver alwaysAnswering(int status) {
        always = status;
        return this;
    }

    /** Where a scripted 3xx points. */
    WebhookReceiver redirectingTo(String url) {
        redirectTo = url;
        return this;
    }

    /** Reads every request and never answers (until closed). */
    WebhookReceiver hanging() {
        hang = true;
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook?token=t0ps3cret";
    }

    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next request, or null after {@code seconds}. */
    Request next(long seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    /** Every request so far, consumed by {@link #next} or not. */
    int count() {
        return total.get();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
