package io.vidfleet.common.redis;

import io.vidfleet.common.error.VidfleetException;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.Jedis;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A private Redis on a free loopback port, for {@code vidfleet local} and for tests: the
 * {@code redis-server} on PATH when there is one, else the binary shipped in the embedded-redis jar.
 * With {@code appendOnly} it keeps its data in {@code dir}, so it can be stopped and started again
 * (on the same port) without losing anything.
 */
public final class LocalRedisServer implements AutoCloseable {
    /** First starts on a port another process took between our choosing it and Redis binding it: try another. */
    private static final int FIRST_START_ATTEMPTS = 4;

    private int port;
    /** Started once: a restart keeps its port, which its clients know. */
    private boolean startedOnce;
    private final Path dir;
    private final boolean appendOnly;
    private RedisServer server;

    public LocalRedisServer(boolean appendOnly) {
        this(appendOnly, freePort());
    }

    /** @param firstPort where the first start tries first (tests: a port that is taken) */
    LocalRedisServer(boolean appendOnly, int firstPort) {
        this.port = firstPort;
        this.appendOnly = appendOnly;
        try {
            this.dir = Files.createTempDirectory("vidfleet-redis-");
        } catch (IOException e) {
            throw new VidfleetException("cannot create a directory for Redis: " + e.getMessage(), e);
        }
    }

    public static LocalRedisServer started(boolean appendOnly) {
        LocalRedisServer redis = new LocalRedisServer(appendOnly);
        redis.start();
        return redis;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized void start() {
        for (int attempt = 1; ; attempt++) {
            try {
                startOnPort();
                startedOnce = true;
                return;
            } catch (VidfleetException e) {
                if (startedOnce || attempt == FIRST_START_ATTEMPTS) {
                    throw e;
                }
                stopQuietly();
                port = freePort();
            }
        }
    }

    private void stopQuietly() {
        try {
            if (server != null) {
                server.stop();
            }
        } catch (IOException | RuntimeException ignored) {
            // it never started
        }
        server = null;
    }

    private void startOnPort() {
        try {
            RedisServerBuilder builder = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("dir " + dir).setting("save \"\"").setting("appendonly " + (appendOnly ? "yes" : "no"))
                    .setting("appendfsync always").onShutdownForceStop(true);
            Optional<File> onPath = onPath();
            if (onPath.isPresent()) {
                builder.executableProvider(onPath::get);
            }
            server = builder.build();
            server.start();
            awaitPing();
        } catch (IOException e) {
            throw new VidfleetException("cannot start a local Redis on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Stops Redis at once (as a crash would, but after its last fsync: appendfsync is always). */
    public synchronized void stop() {
        if (server != null) {
            if (!appendOnly) {
                shutdownNoSave(); // nothing to keep: skip the server's own stop sequence
            }
            try {
                server.stop();
            } catch (IOException e) {
                throw new VidfleetException("cannot stop the local Redis: " + e.getMessage(), e);
            }
            server = null;
        }
    }

    private void shutdownNoSave() {
        try (Jedis jedis = new Jedis("127.0.0.1", port, 1000)) {
            jedis.shutdown(redis.clients.jedis.params.ShutdownParams.shutdownParams().nosave().now());
        } catch (RuntimeException ignored) {
            // already gone, or it refused: server.stop() below ends it either way
        }
    }

    /** Kills Redis with SIGKILL, as a crash would: only what its append-only file holds survives. */
    public synchronized void crash() {
        String port = Integer.toString(this.port);
        ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.contains("redis-server")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> java.util.Arrays.asList(a).contains(port)).orElse(false))
                .forEach(p -> {
                    p.destroyForcibly();
                    p.onExit().join();
                });
        try {
            stop();
        } catch (VidfleetException ignored) {
            // it is already gone
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                if ("PONG".equals(jedis.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                sleep();
            }
        }
        throw new VidfleetException("the local Redis on port " + port + " did not answer within 10 s");
    }

    private static Optional<File> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            File candidate = new File(dir, "redis-server");
            if (candidate.canExecute()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new VidfleetException("no free port for Redis: " + e.getMessage(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
