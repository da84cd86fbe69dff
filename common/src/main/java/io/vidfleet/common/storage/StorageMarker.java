package io.vidfleet.common.storage;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.redis.RedisKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/**
 * The proof that a process's storage is the cluster's. A coordinator makes sure its storage holds a
 * marker object ({@value #KEY}, a random id written once) and registers the id in Redis; a worker reads
 * the marker from its own storage and refuses to run unless Redis knows the id. A worker given another
 * directory, bucket, prefix or endpoint finds no marker, or one no coordinator registered.
 */
public final class StorageMarker {
    public static final String KEY = "cluster/marker";

    private StorageMarker() {
    }

    /** Coordinator: the storage's marker id (written if the storage has none yet), registered in Redis. */
    public static String register(UnifiedJedis redis, RedisKeys keys, ChunkStorage storage) {
        String id = read(storage);
        if (id == null) {
            id = UUID.randomUUID().toString();
            write(storage, id);
            id = read(storage); // two coordinators starting on one empty storage: the last write wins, both register it
        }
        redis.hset(keys.storages(), id, storage.describe());
        return id;
    }

    /** Worker: returns the marker id, or throws a one-line reason why this storage is not the cluster's. */
    public static String verify(UnifiedJedis redis, RedisKeys keys, ChunkStorage storage) {
        String id = read(storage);
        if (id == null) {
            throw new BadInputException("storage " + storage.describe() + " is not this cluster's: it holds no "
                    + KEY + " (no coordinator uses it; check --storage and --s3-endpoint)");
        }
        String registered = redis.hget(keys.storages(), id);
        if (registered == null) {
            throw new BadInputException("storage " + storage.describe() + " is not this cluster's: its marker " + id
                    + " is unknown to this Redis (coordinators use " + String.join(", ", redis.hvals(keys.storages())) + ")");
        }
        return id;
    }

    /** True once any coordinator has registered a storage in this Redis. */
    public static boolean anyRegistered(UnifiedJedis redis, RedisKeys keys) {
        return redis.exists(keys.storages());
    }

    private static String read(ChunkStorage storage) {
        try (InputStream in = storage.open(KEY, 0, 256)) {
            String id = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
            return id.isEmpty() ? null : id;
        } catch (MissingKeyException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(ChunkStorage storage, String id) {
        Path scratch = storage.scratchFile(KEY);
        try {
            Files.writeString(scratch, id + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        storage.publish(scratch, KEY);
    }
}
