package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.storage.S3Location;
import io.vidfleet.common.storage.S3Storage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.testing.TestS3;
import io.vidfleet.worker.Worker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A cluster whose only shared storage is an S3 bucket (a real S3 API server, S3Proxy): the submitter
 * uploads or names an object, workers read the source through presigned URLs and publish one object
 * per attempt, the coordinator stitches from the accepted attempts and writes the output object.
 */
class S3ClusterIT {
    private static final MediaProbe PROBE = new MediaProbe(Ffmpeg.get());

    @TempDir
    Path dir;

    private String bucket;
    private S3Storage storage;
    private JobStore store;
    private Coordinator coordinator;
    private Worker worker;

    @BeforeAll
    static void credentials() {
        // the CLI takes credentials from the standard AWS chain: system properties stand in for the environment here
        System.setProperty("aws.accessKeyId", TestS3.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", TestS3.SECRET_KEY);
        System.setProperty("aws.disableEc2Metadata", "true");
    }

    @BeforeEach
    void startCluster() {
        bucket = TestS3.newBucket();
        storage = new S3Storage(S3Location.parse("s3://" + bucket + "/vf"), TestS3.settings());
        store = TestRedis.store();
        coordinator = new Coordinator(store, storage, new CoordinatorSettings(Duration.ofMillis(500),
                Duration.ofSeconds(10), Duration.ofMillis(500)));
        coordinator.start();
        worker = new Worker(store, storage, Cluster.fastSettings());
        worker.start();
    }

    @AfterEach
    void stopCluster() {
        worker.close();
        coordinator.close();
    }

    record Run(int exit, String out, String err) {
        String lastLine() {
            List<String> lines = out.strip().lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    private Run run(String... args) {
        CommandLine cli = VidfleetCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private Run submit(String input, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("submit", input, "--redis", TestRedis.url(),
                "--storage", "s3://" + bucket + "/vf", "--s3-endpoint", TestS3.endpoint().toString(), "--chunk-seconds", "1"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    @Test
    void aLocalFileIsUploadedTranscodedFrameExactAndDownloaded() throws Exception {
        Path source = TestMedia.standard("s3-cluster-4s.mp4", 4, 320, 240);
        Path output = dir.resolve("result.mp4");
        Run run = submit(source.toString(), "--wait", "--output", output.toString());
        assertEquals(0, run.exit(), run.toString());
        assertEquals(output.toString(), run.lastLine());
        assertTrue(run.err().contains("uploading s3-cluster-4s.mp4: 100%"), run.err());
        assertTrue(run.err().contains("downloading result.mp4: 100%"), run.err());
        assertEquals(PROBE.timeline(source).size(), PROBE.timeline(output).size(), "frame-exact");

        String jobId = run.out().lines().findFirst().orElseThrow();
        JobRecord job = store.get(jobId);
        assertEquals(JobState.DONE, job.state());
        assertEquals("s3://" + bucket + "/vf/outputs/" + jobId + ".mp4", job.output());
        for (TaskRecord task : store.tasks(jobId)) {
            long token = Long.parseLong(store.redis().hget(store.keys().task(jobId, task.spec().id()), "token"));
            assertEquals(ChunkStorage.attemptKey(jobId, task.spec().id(), token, task.spec().extension()), task.result(),
                    "the stitcher read the accepted attempt's own key");
        }
        awaitNoObjects("vf/jobs/" + jobId + "/");
        assertTrue(storage.exists("outputs/" + jobId + ".mp4"));
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith(".partial")), "no partial file");
    }

    @Test
    void anS3InputIsUsedInPlaceAndAnS3OutputIsWrittenInPlace() {
        Path source = TestMedia.standard("s3-cluster-3s.mp4", 3, 320, 240);
        try (S3Client client = TestS3.client()) {
            client.putObject(p -> p.bucket(bucket).key("uploads/in.mp4"), RequestBody.fromFile(source));
        }
        String output = "s3://" + bucket + "/results/out.mp4";
        Run run = submit("s3://" + bucket + "/uploads/in.mp4", "--wait", "--output", output);
        assertEquals(0, run.exit(), run.toString());
        assertEquals(output, run.lastLine());
        assertFalse(run.err().contains("uploading"), "nothing uploaded: " + run.err());
        Path copy = dir.resolve("out.mp4");
        storage.download(output, copy, (d, t) -> { });
        assertEquals(PROBE.timeline(source).size(), PROBE.timeline(copy).size(), "frame-exact");
        assertTrue(storage.exists("s3://" + bucket + "/uploads/in.mp4"), "the user's input is left where it was");
    }

    @Test
    void aLocalOutputWithoutWaitIsRefusedBeforeAnythingIsWritten() {
        Path source = TestMedia.standard("s3-cluster-3s.mp4", 3, 320, 240);
        Run run = submit(source.toString(), "--output", dir.resolve("x.mp4").toString());
        assertEquals(2, run.exit(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("needs --wait"), run.err());
        awaitNoObjects("vf/jobs/");
    }

    @Test
    void aMissingS3InputIsOneLineAndExitTwo() {
        Run run = submit("s3://" + bucket + "/uploads/none.mp4");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.err().startsWith("vidfleet: input not found: s3://" + bucket + "/uploads/none.mp4"), run.err());
    }

    private void awaitNoObjects(String prefix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (S3Client client = TestS3.client()) {
            while (true) {
                var left = client.listObjectsV2(l -> l.bucket(bucket).prefix(prefix)).contents();
                if (left.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("objects left under " + prefix + ": " + left);
                }
                Cluster.sleep(100);
            }
        }
    }
}
