package io.vidfleet.common.storage;

import io.vidfleet.common.jobs.Ids;
import java.nio.file.Path;

/**
 * Where inputs, chunk results and audio live, addressed by keys such as {@code jobs/ID/chunks/v0003.mp4}.
 * Every node sees the same storage; today a shared directory (a volume or NFS mount), behind this
 * interface so an object store can be added: it would download in {@link #localPath} and upload in
 * {@link #publish}.
 */
public interface ChunkStorage {

    /** A local file for the key, readable by FFmpeg. */
    Path localPath(String key);

    /** A fresh local file to write the key's content to before {@link #publish}. */
    Path scratchPath(String key);

    /** Makes a finished scratch file the content of {@code key}, atomically. */
    void publish(Path scratch, String key);

    /** Atomically renames one stored object to another key (promoting an accepted attempt). */
    void move(String fromKey, String toKey);

    boolean exists(String key);

    void delete(String key);

    /** Deletes everything stored for a job (its intermediates and imported input). */
    void deleteJob(String jobId);

    /** Puts a user's input file into storage for a job (a hard link when possible) and returns its key. */
    String importInput(String jobId, Path file);

    /** The key of a file already inside the storage, or null when it lies outside. */
    String keyOf(Path file);

    static String jobDir(String jobId) {
        return "jobs/" + Ids.requireJobId(jobId);
    }

    static String attemptKey(String jobId, String taskId, long token, String extension) {
        return jobDir(jobId) + "/tasks/" + Ids.requireTaskId(taskId) + ".t" + token + "." + extension;
    }

    static String resultKey(String jobId, String taskId, String extension) {
        return jobDir(jobId) + "/tasks/" + Ids.requireTaskId(taskId) + "." + extension;
    }
}
