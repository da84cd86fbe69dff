package io.vidfleet.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.NotFoundException;
import io.vidfleet.common.error.VidfleetException;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.store.JobStore;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@code vidfleet serve}: the JSON API under {@code /api/} (every request needs the bearer token), the
 * dashboard's static files (no data in them, so a browser can load the page before it has the token)
 * and {@code /healthz}. The JDK's HTTP server on a small pool of threads; state lives only in Redis.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    private static final int THREADS = 8;

    private final HttpServer server;
    private final ExecutorService executor;
    private final BearerToken token;
    private final Router router;
    private final StaticAssets assets = new StaticAssets();
    private final JobStore store;

    private ApiServer(HttpServer server, ApiSettings settings, JobStore store, ChunkStorage storage) {
        this.server = server;
        this.store = store;
        this.token = new BearerToken(settings.token());
        this.router = new JobsApi(store, storage).routes(new Router());
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "api-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    /** Binds and starts serving; a port in use is a one-line {@link BadInputException}. */
    public static ApiServer start(ApiSettings settings, JobStore store, ChunkStorage storage) {
        HttpServer server;
        try {
            server = HttpServer.create(settings.address(), 64);
        } catch (IOException e) {
            throw new BadInputException("cannot listen on " + settings.address() + ": " + e.getMessage());
        }
        ApiServer api = new ApiServer(server, settings, store, storage);
        server.start();
        return api;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The dashboard's address, e.g. {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        String host = address().getAddress().getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address().getPort() + "/");
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            try {
                if (path.equals("/healthz")) {
                    health(exchange);
                } else if (path.startsWith("/api/")) {
                    token.check(exchange.getRequestHeaders().getFirst("Authorization"));
                    Router.Match match = router.match(method, path);
                    send(exchange, match.handler().apply(new Call(exchange, match.parameters())));
                } else {
                    assets.serve(exchange, method, path);
                }
            } catch (RuntimeException e) {
                sendError(exchange, e);
            }
        } catch (IOException | UncheckedIOException e) {
            log.debug("client went away: {}", e.getMessage());
        }
    }

    private void health(HttpExchange exchange) throws IOException {
        try {
            store.redis().exists(store.keys().jobs());
            send(exchange, Reply.ok(Map.of("status", "ok", "redis", "ok")));
        } catch (JedisException e) {
            send(exchange, new Reply(503, Map.of("status", "unavailable", "redis", Replies.oneLine(e.getMessage())), null));
        }
    }

    private void sendError(HttpExchange exchange, RuntimeException e) throws IOException {
        int status;
        String reason;
        if (e instanceof HttpError error) {
            status = error.status();
            reason = error.getMessage();
            if (status == 401) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"vidfleet\"");
            }
        } else if (e instanceof NotFoundException) {
            status = 404;
            reason = e.getMessage();
        } else if (e instanceof BadInputException) {
            status = 400;
            reason = e.getMessage();
        } else if (e instanceof JedisConnectionException) {
            status = 503;
            reason = "cannot reach Redis: " + e.getMessage();
        } else if (e instanceof VidfleetException || e instanceof JedisException) {
            status = 500;
            reason = e.getMessage();
            log.warn("request failed: {}", e.toString());
        } else {
            status = 500;
            reason = "internal error: " + e.getClass().getSimpleName();
            log.warn("request failed", e);
        }
        log.debug("{} {} -> {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), status, reason);
        send(exchange, new Reply(status, Map.of("error", Replies.oneLine(reason)), null));
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] body = (Json.write(reply.body()) + "\n").getBytes(StandardCharsets.UTF_8);
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json; charset=utf-8");
        headers.set("Cache-Control", "no-store");
        headers.set("X-Content-Type-Options", "nosniff");
        if (reply.location() != null) {
            headers.set("Location", reply.location());
        }
        exchange.sendResponseHeaders(reply.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
