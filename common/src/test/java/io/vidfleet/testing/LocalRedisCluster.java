package io.vidfleet.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import io.vidfleet.common.redis.RedisSecurity;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/** A three-master Redis Cluster on loopback, made with the redis-server and redis-cli on PATH. */
public final class LocalRedisCluster implements AutoCloseable {
    private final List<Process> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final Path dir;

    public static boolean available() {
        return onPath("redis-server").isPresent() && onPath("redis-cli").isPresent();
    }

    private final Tls tls;

    /** A node's certificate and key, and the CA that signed them (PEM files). */
    public record Tls(Path cert, Path key, Path ca) {
    }

    public LocalRedisCluster() throws IOException, InterruptedException {
        this(null);
    }

    /** Nodes that speak only TLS (clients and the cluster bus), with this certificate; clients need no certificate. */
    public static LocalRedisCluster withTls(Tls tls) throws IOException, InterruptedException {
        return new LocalRedisCluster(tls);
    }

    private LocalRedisCluster(Tls tls) throws IOException, InterruptedException {
        this.tls = tls;
        dir = Files.createTempDirectory("vidfleet-cluster-");
        try {
            for (int i = 0; i < 3; i++) {
                startNode();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            close(); // the nodes already started
            throw e;
        }
        List<String> create = new ArrayList<>(List.of("redis-cli"));
        if (tls != null) {
            create.addAll(List.of("--tls", "--cacert", tls.ca().toString()));
        }
        create.addAll(List.of("--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process creating = new ProcessBuilder(create).redirectErrorStream(true).redirectOutput(dir.resolve("create.log").toFile()).start();
        if (!creating.waitFor(60, TimeUnit.SECONDS) || creating.exitValue() != 0) {
            throw new IOException("redis-cli --cluster create failed: " + Files.readString(dir.resolve("create.log")));
        }
        awaitClusterOk();
    }

    /**
     * Starts one node on a free port; when another process took that port between our choosing it and the node
     * binding it, the node exits, and another port is tried.
     */
    private void startNode() throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Path nodeDir = Files.createDirectories(dir.resolve("node-" + port));
            List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--dir", nodeDir.toString(),
                    "--save", "", "--appendonly", "no"));
            if (tls == null) {
                command.addAll(List.of("--port", Integer.toString(port)));
            } else { // the bus port is named: port + 10000 may not exist
                command.addAll(List.of("--port", "0", "--tls-port", Integer.toString(port), "--cluster-port",
                        Integer.toString(freePort()), "--tls-cluster", "yes", "--tls-replication", "yes",
                        "--tls-cert-file", tls.cert().toString(), "--tls-key-file", tls.key().toString(),
                        "--tls-ca-cert-file", tls.ca().toString(), "--tls-auth-clients", "no"));
            }
            Process node = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(nodeDir.resolve("log").toFile()).start();
            if (awaitPing(port, node)) {
                nodes.add(node);
                ports.add(port);
                return;
            }
            node.destroyForcibly();
            if (attempt == 4) {
                throw new IllegalStateException("redis-server did not start: " + Files.readString(nodeDir.resolve("log")));
            }
        }
    }

    public String url() {
        return (tls == null ? "redis-cluster://" : "rediss-cluster://")
                + String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
    }

    /** A direct connection to one node (over TLS, trusting the CA, for a TLS cluster). */
    private Jedis node(int port) {
        if (tls == null) {
            return new Jedis("127.0.0.1", port);
        }
        RedisSecurity trust = new RedisSecurity(null, tls.ca(), null, null);
        return new Jedis(new HostAndPort("127.0.0.1", port), DefaultJedisClientConfig.builder().ssl(true)
                .sslSocketFactory(trust.socketFactory()).build());
    }

    @Override
    public void close() {
        nodes.forEach(Process::destroyForcibly);
    }

    private void awaitClusterOk() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            boolean ok = ports.stream().allMatch(port -> {
                try (Jedis jedis = node(port)) {
                    return jedis.clusterInfo().contains("cluster_state:ok");
                } catch (RuntimeException e) {
                    return false;
                }
            });
            if (ok) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cluster never reported cluster_state:ok");
    }

    /** True once the node answers; false when it exited first (its port was taken). */
    private boolean awaitPing(int port, Process node) throws InterruptedException {
        for (int i = 0; i < 200 && node.isAlive(); i++) {
            try (Jedis jedis = node(port)) {
                if ("PONG".equals(jedis.ping()) && node.isAlive()) { // not another process's server on that port
                    return true;
                }
            } catch (RuntimeException e) {
                Thread.sleep(50);
            }
        }
        if (node.isAlive()) {
            throw new IllegalStateException("redis-server on " + port + " did not answer within 10 s");
        }
        return false;
    }

    private static Optional<File> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            File candidate = new File(dir, name);
            if (candidate.canExecute()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
