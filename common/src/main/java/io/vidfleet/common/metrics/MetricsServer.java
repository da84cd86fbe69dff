package io.vidfleet.common.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /metrics} (Prometheus text) and {@code /healthz} of one worker or coordinator, on the JDK's
 * HTTP server. {@code /healthz} answers 200 while the process runs and reaches Redis, else 503.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "metrics-http");
        thread.setDaemon(true);
        return thread;
    });

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Serves on {@code host:port} (port 0: any free port). {@code beforeScrape} refreshes gauges read from
     * Redis; {@code healthy} says whether the process can do its work.
     */
    public static MetricsServer start(String host, int port, String role, String processId, VidfleetMetrics metrics,
                                      Runnable beforeScrape, BooleanSupplier healthy) {
        if (port < 0 || port > 65535) {
            throw new BadInputException("--http-port must be 0 to 65535, got " + port);
        }
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new BadInputException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage());
        }
        MetricsServer started = new MetricsServer(server);
        server.setExecutor(started.executor);
        server.createContext("/metrics", exchange -> started.handle(exchange, () -> {
            try {
                beforeScrape.run();
            } catch (RuntimeException e) {
                log.debug("queue gauges not refreshed: {}", e.getMessage()); // counters are still worth serving
            }
            return new Reply(200, PROMETHEUS_TEXT, metrics.scrape());
        }));
        server.createContext("/healthz", exchange -> started.handle(exchange, () -> {
            boolean ok;
            try {
                ok = healthy.getAsBoolean();
            } catch (RuntimeException e) {
                ok = false;
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", ok ? "ok" : "unavailable");
            body.put("role", role);
            body.put("id", processId);
            return new Reply(ok ? 200 : 503, "application/json", Json.write(body) + "\n");
        }));
        server.start();
        log.info("{} {}: metrics on http://{}:{}/metrics", role, processId, host, server.getAddress().getPort());
        return started;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private record Reply(int status, String contentType, String body) {
    }

    private void handle(HttpExchange exchange, java.util.function.Supplier<Reply> handler) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                send(exchange, new Reply(405, "text/plain", "only GET\n"));
            } else if (!path.equals(exchange.getHttpContext().getPath())) {
                send(exchange, new Reply(404, "text/plain", "not found\n"));
            } else {
                send(exchange, handler.get());
            }
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(reply.status(), head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
