package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisSecurity;
import io.vidfleet.testing.LocalRedisCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.UnifiedJedis;

/**
 * AUTH with a password and with an ACL user, and TLS with host name verification and client
 * certificates, each against a redis-server this test starts (certificates made here with openssl).
 */
class RedisSecurityIT {
    private final List<Process> servers = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopServers() throws InterruptedException {
        for (Process server : servers) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /**
     * Starts redis-server with these arguments on a free port; returns the port. A server that exits at once lost
     * its port to another process between our choosing it and its binding it: another port is tried.
     */
    private int redisServer(boolean tls, String... args) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
            command.addAll(tls ? List.of("--port", "0", "--tls-port", Integer.toString(port)) : List.of("--port", Integer.toString(port)));
            command.addAll(List.of(args));
            Process server = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
            servers.add(server);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && server.isAlive()) {
                try (Socket ignored = new Socket("127.0.0.1", port)) {
                    if (server.isAlive()) { // not another process's port
                        return port;
                    }
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            if (server.isAlive() || attempt == 4) {
                throw new AssertionError("redis-server did not start: " + Files.readString(dir.resolve("redis-" + port + ".log")));
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), "openssl " + String.join(" ", args) + ": " + output);
    }

    /** A CA, and a certificate with its key signed by it for {@code name} with these subject alternative names. */
    private void certificate(String name, String subject, String extension) throws Exception {
        if (!Files.exists(dir.resolve("ca.crt"))) {
            openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "1",
                    "-subj", "/CN=vidfleet test CA");
        }
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".crt", "-days", "1", "-extfile", name + ".ext");
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void authWithAPasswordFromAFileAndFromTheUrl() throws Exception {
        int port = redisServer(false, "--requirepass", "s3cret-pw");
        Path passwordFile = Files.writeString(dir.resolve("redis.pw"), "s3cret-pw\n");
        String url = "redis://127.0.0.1:" + port;
        assertEquals(0, run("status", "--redis", url, "--redis-password-file", passwordFile.toString()).exit());
        assertEquals(0, run("status", "--redis", "redis://:s3cret-pw@127.0.0.1:" + port).exit());
        CliRun refused = run("status", "--redis", "redis://:wrong-pw@127.0.0.1:" + port);
        assertEquals(1, refused.exit(), refused.toString());
        assertFalse(refused.err().contains("wrong-pw"), refused.err());
        assertEquals(1, run("status", "--redis", url).exit(), "no password, no access");
    }

    @Test
    void authWithAnAclUser() throws Exception {
        int port = redisServer(false, "--user", "default", "off", "--user", "alice", "on", ">alice-pw", "~*", "&*", "+@all");
        Path passwordFile = Files.writeString(dir.resolve("alice.pw"), "alice-pw\n");
        CliRun asAlice = run("status", "--redis", "redis://alice:alice-pw@127.0.0.1:" + port);
        assertEquals(0, asAlice.exit(), asAlice.toString());
        assertEquals(0, run("status", "--redis", "redis://alice@127.0.0.1:" + port, "--redis-password-file", passwordFile.toString()).exit());
        CliRun wrongUser = run("status", "--redis", "redis://mallory:alice-pw@127.0.0.1:" + port);
        assertEquals(1, wrongUser.exit(), wrongUser.toString());
        try (UnifiedJedis alice = RedisConnector.open("redis://alice:alice-pw@127.0.0.1:" + port)) {
            alice.set("vf:probe", "1");
            assertEquals("1", alice.get("vf:probe"));
        }
        // a worker's shared, pipelined connection authenticates as its pooled ones do
        try (UnifiedJedis shared = RedisConnector.openPipelined("redis://alice@127.0.0.1:" + port,
                new RedisSecurity(passwordFile, null, null, null), 4)) {
            assertEquals("1", shared.get("vf:probe"));
        }
    }

    @Test
    void tlsVerifiesTheHostNameAndPresentsAClientCertificate() throws Exception {
        certificate("wrong", "/CN=wrong-host.example", "subjectAltName=DNS:wrong-host.example");
        certificate("right", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        certificate("client", "/CN=vidfleet-client", "extendedKeyUsage=clientAuth");
        int wrongPort = redisServer(true, "--tls-cert-file", path("wrong.crt"), "--tls-key-file", path("wrong.key"),
                "--tls-ca-cert-file", path("ca.crt"), "--tls-auth-clients", "no");
        int rightPort = redisServer(true, "--tls-cert-file", path("right.crt"), "--tls-key-file", path("right.key"),
                "--tls-ca-cert-file", path("ca.crt"), "--tls-auth-clients", "yes");

        CliRun mismatch = run("status", "--redis", "rediss://127.0.0.1:" + wrongPort, "--redis-ca", path("ca.crt"));
        assertEquals(1, mismatch.exit(), "a certificate for wrong-host.example is refused at 127.0.0.1: " + mismatch);
        assertEquals(1, mismatch.err().strip().lines().count(), mismatch.err());

        CliRun untrusted = run("status", "--redis", "rediss://127.0.0.1:" + rightPort);
        assertEquals(1, untrusted.exit(), "a private CA is not trusted unless named: " + untrusted);
        CliRun noClientCert = run("status", "--redis", "rediss://127.0.0.1:" + rightPort, "--redis-ca", path("ca.crt"));
        assertEquals(1, noClientCert.exit(), "this server asks for a client certificate: " + noClientCert);
        CliRun accepted = run("status", "--redis", "rediss://127.0.0.1:" + rightPort, "--redis-ca", path("ca.crt"),
                "--redis-cert", path("client.crt"), "--redis-key", path("client.key"));
        assertEquals(0, accepted.exit(), accepted.toString());
    }

    /** rediss-cluster://: the same TLS checks on every node of a Redis Cluster whose nodes speak only TLS. */
    @Test
    void tlsOnARedisClusterVerifiesTheHostNameOfItsNodes() throws Exception {
        certificate("wrong", "/CN=wrong-host.example", "subjectAltName=DNS:wrong-host.example");
        certificate("right", "/CN=localhost", "subjectAltName=IP:127.0.0.1,DNS:localhost");
        Path ca = dir.resolve("ca.crt");
        try (LocalRedisCluster right = LocalRedisCluster.withTls(new LocalRedisCluster.Tls(dir.resolve("right.crt"),
                dir.resolve("right.key"), ca));
             LocalRedisCluster wrong = LocalRedisCluster.withTls(new LocalRedisCluster.Tls(dir.resolve("wrong.crt"),
                     dir.resolve("wrong.key"), ca))) {
            CliRun mismatch = run("status", "--redis", wrong.url(), "--redis-ca", ca.toString());
            assertEquals(1, mismatch.exit(), "certificates for wrong-host.example are refused at 127.0.0.1: " + mismatch);
            assertEquals(1, mismatch.err().strip().lines().count(), mismatch.err());
            CliRun untrusted = run("status", "--redis", right.url());
            assertEquals(1, untrusted.exit(), "a private CA is not trusted unless named: " + untrusted);
            CliRun plain = run("status", "--redis", right.url().replace("rediss-cluster://", "redis-cluster://"));
            assertEquals(1, plain.exit(), "the nodes speak only TLS: " + plain);

            CliRun accepted = run("status", "--redis", right.url(), "--redis-ca", ca.toString());
            assertEquals(0, accepted.exit(), accepted.toString());
            try (UnifiedJedis cluster = RedisConnector.open(right.url(), new RedisSecurity(null, ca, null, null))) {
                for (int i = 0; i < 30; i++) { // keys in slots of every master: each node is reached over TLS
                    cluster.set("vftest:tls:" + i, Integer.toString(i));
                }
                for (int i = 0; i < 30; i++) {
                    assertEquals(Integer.toString(i), cluster.get("vftest:tls:" + i));
                }
            }
        }
    }

    @Test
    void aMalformedUrlIsNeverPrintedWithItsPassword() {
        CliRun bad = run("status", "--redis", "redis://alice:top-secret-pw@bad host:6379");
        assertEquals(2, bad.exit(), bad.toString());
        assertFalse(bad.err().contains("top-secret-pw"), bad.err());
        assertTrue(bad.err().contains("***"), bad.err());
        BadInputException e = assertThrows(BadInputException.class,
                () -> RedisConnector.open("ftp://:top-secret-pw@host:1", RedisSecurity.none()));
        assertFalse(e.getMessage().contains("top-secret-pw"), e.getMessage());
        assertEquals("redis://alice:***@h:1/0", RedisConnector.redact("redis://alice:pw@h:1/0"));
        assertEquals("redis://:***@h:1", RedisConnector.redact("redis://:pw@h:1"));
    }
}
