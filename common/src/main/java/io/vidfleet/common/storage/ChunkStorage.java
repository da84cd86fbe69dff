package io.vidfleet.common.storage;

import io.vidfleet.common.jobs.Ids;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where inputs, chunk attempts, audio and outputs live, addressed by keys such as
 * {@code jobs/JOB/tasks/v00003.t7.mp4}. Two backends: a directory every node mounts
 * ({@link SharedDirectoryStorage}) and an S3-compatible object store ({@link S3Storage}); both pass one
 * contract test suite. By concept:
 * <ul>
 *   <li><b>publish</b>: a finished local file becomes the whole content of a key, all at once; a reader
 *       never sees part of it.</li>
 *   <li><b>per-attempt keys and acceptance</b>: every attempt at a task publishes its own key
 *       ({@link #attemptKey}); nothing is renamed. The queue records the accepted attempt's key in the
 *       task's {@code result}, and readers (the stitcher) read only that key: a rejected or late attempt
 *       is never read, whatever it wrote.</li>
 *   <li><b>read</b>: whole ({@link #download}), by byte range ({@link #open}), or by FFmpeg itself
 *       ({@link #mediaInput}: a local path or a presigned URL read with HTTP range requests).</li>
 *   <li><b>delete</b> one key or everything of a job; deleting what is not there is not an error.</li>
 *   <li><b>import</b> a user's file, and <b>locate</b> a user's path or {@code s3://} URI inside the storage.</li>
 *   <li><b>missing keys</b>: every read of a key that holds nothing throws {@link MissingKeyException}.</li>
 * </ul>
 * Keys come from Redis, which is untrusted: a backend refuses a key that would leave its root.
 */
public interface ChunkStorage {

    /** What this storage is, for messages and for the cluster marker: a directory or {@code s3://bucket/prefix}. */
    String describe();

    /**
     * True when every node sees the same local files (a shared directory): a coordinator can then write
     * an absolute output path. An object store: outputs are keys, and {@code submit} downloads them.
     */
    boolean sharesLocalFiles();

    /** Where a user finds a key: an absolute path or an {@code s3://} URI. */
    String location(String key);

    /** The key of a user's path or {@code s3://} URI that lies inside this storage, or null. */
    String keyOf(String location);

    boolean exists(String key);

    /** Size in bytes. @throws MissingKeyException */
    long size(String key);

    /** {@code length} bytes from {@code offset} (fewer at the end of the object; -1: to the end). @throws MissingKeyException */
    InputStream open(String key, long offset, long length);

    /** Streams the whole object to a local file (replaced). @throws MissingKeyException */
    void download(String key, Path target, TransferProgress progress);

    /** The object as a local file for a reader that needs one; close it when done. @throws MissingKeyException */
    LocalCopy localCopy(String key);

    /** What FFmpeg should open to read the key. @throws MissingKeyException */
    MediaInput mediaInput(String key);

    /** A fresh local file to write the content of {@code key} to before {@link #publish}. */
    Path scratchFile(String key);

    /** Makes a finished local file the whole content of {@code key}, at once; the file is consumed. */
    void publish(Path file, String key);

    /** Copies a user's file into the storage for a job and returns its key. */
    String importInput(String jobId, Path file, TransferProgress progress);

    void delete(String key);

    /** Deletes everything stored under the job's directory (its attempts, audio, imported input). */
    void deleteJob(String jobId);

    static String jobDir(String jobId) {
        return "jobs/" + Ids.requireJobId(jobId);
    }

    /** The key one attempt (fencing token) at a task writes; attempts never share a key. */
    static String attemptKey(String jobId, String taskId, long token, String extension) {
        return jobDir(jobId) + "/tasks/" + Ids.requireTaskId(taskId) + ".t" + token + "." + extension;
    }

    static String inputKey(String jobId, Path file) {
        return jobDir(jobId) + "/source" + extension(file.getFileName().toString());
    }

    static String outputKey(String jobId, String extension) {
        return "outputs/" + jobId + extension;
    }

    /** The lower-case extension with its dot, or "". */
    static String extension(String name) {
        int slash = name.lastIndexOf('/');
        int dot = name.lastIndexOf('.');
        return dot > slash + 1 ? name.substring(dot).toLowerCase(Locale.ROOT) : "";
    }
}
