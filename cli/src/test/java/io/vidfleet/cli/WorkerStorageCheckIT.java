package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.storage.StorageMarker;
import io.vidfleet.testing.TestRedis;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.clients.jedis.UnifiedJedis;

/** A worker proves at start that its storage is the cluster's, and refuses to run otherwise. */
class WorkerStorageCheckIT {
    @TempDir
    Path dir;

    private final UnifiedJedis redis = TestRedis.client();
    private final RedisKeys keys = new RedisKeys();

    @Test
    void aWorkerGivenAnotherDirectoryRefusesWithOneLine() {
        StorageMarker.register(redis, keys, new SharedDirectoryStorage(dir.resolve("cluster")));
        StringWriter err = new StringWriter();
        CommandLine cli = VidfleetCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        // a worker that accepted the wrong storage would run (and fail every task it claims) until stopped
        int exit = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli.execute("worker", "--redis", TestRedis.url(),
                "--storage", dir.resolve("elsewhere").toString(), "--queues", "h264"));
        assertEquals(2, exit, err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("vidfleet: storage " + dir.resolve("elsewhere")), err.toString());
        assertTrue(err.toString().contains("is not this cluster's"), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace");
    }

    @Test
    void theClustersOwnStorageIsAcceptedAndAForeignMarkerIsNot() {
        SharedDirectoryStorage cluster = new SharedDirectoryStorage(dir.resolve("cluster"));
        String id = StorageMarker.register(redis, keys, cluster);
        assertEquals(id, StorageMarker.verify(redis, keys, new SharedDirectoryStorage(dir.resolve("cluster"))));
        assertEquals(id, StorageMarker.register(redis, keys, cluster), "a second coordinator on the same storage keeps its marker");

        // storage that some other cluster's coordinator marked (its Redis is not this one)
        RedisKeys otherCluster = new RedisKeys("vf-test-other-" + UUID.randomUUID());
        SharedDirectoryStorage foreign = new SharedDirectoryStorage(dir.resolve("foreign"));
        StorageMarker.register(redis, otherCluster, foreign);
        BadInputException e = assertThrows(BadInputException.class, () -> StorageMarker.verify(redis, keys, foreign));
        assertTrue(e.getMessage().contains("is unknown to this Redis"), e.getMessage());
        redis.del(otherCluster.storages());
    }
}
