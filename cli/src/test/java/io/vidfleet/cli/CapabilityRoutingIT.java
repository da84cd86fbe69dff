package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.worker.EncoderCheck;
import io.vidfleet.worker.Worker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Capability routing on a host without an NVIDIA GPU (this CI machine): a worker refuses the NVENC queues
 * with the reason, serves the rest, and never claims a GPU task; with nothing it can serve it exits 2.
 */
class CapabilityRoutingIT {
    private Cluster cluster;

    @TempDir
    Path dir;

    @BeforeAll
    static void needsAHostWithoutNvenc() {
        boolean nvencWorks = !new EncoderCheck(Ffmpeg.get(), EncoderCheck.DEFAULT_TIME_LIMIT)
                .check(List.of("h264-nvenc")).served().isEmpty();
        assumeTrue(!nvencWorks, "h264_nvenc works on this host: the refusal cannot be shown here (see GpuEncodeIT)");
    }

    @BeforeEach
    void start() {
        cluster = new Cluster(TestRedis.store(), 0, Cluster.fastSettings());
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private SubmittedJob submit(String profile) {
        Path clip = TestMedia.standard("routing-160.mp4", 2, 160, 120);
        return new JobSubmitter(cluster.store, cluster.storage).submit(SubmitRequest.of(clip, profile)
                .withChunkLength(Duration.ofSeconds(1)));
    }

    @Test
    void aCpuWorkerRefusesTheGpuQueueWithTheReasonAndNeverClaimsItsTasks() {
        SubmittedJob gpuJob = submit("h264-nvenc-720p");
        SubmittedJob cpuJob = submit("h264-720p");
        Worker worker = new Worker(cluster.store, cluster.storage, Cluster.fastSettings().withQueues(List.of("h264-nvenc", "h264")));
        cluster.workers.add(worker);
        assertEquals(List.of("h264"), worker.capabilities().served());
        String why = worker.capabilities().refused().get("h264-nvenc");
        assertTrue(why != null && why.startsWith("h264_nvenc cannot encode on this host ("), "reason: " + why);
        worker.start();

        JobRecord cpuDone = cluster.await(cpuJob.jobId(), Duration.ofMinutes(2));
        assertEquals(JobState.DONE, cpuDone.state(), cpuDone.reason());

        assertEquals(JobState.QUEUED, cluster.store.get(gpuJob.jobId()).state());
        for (TaskRecord task : cluster.store.tasks(gpuJob.jobId())) {
            assertEquals(TaskState.READY, task.state(), task.spec().id());
            assertEquals(0, task.attempts(), task.spec().id());
        }
        List<StreamEntry> log = cluster.store.redis().xrange(cluster.store.keys().log(gpuJob.jobId()), (StreamEntryID) null, null);
        assertTrue(log.stream().noneMatch(e -> "claimed".equals(e.getFields().get("event"))), "never claimed: " + log);
        Map<String, String> presence = cluster.store.redis().hgetAll(cluster.store.keys().process(worker.id()));
        assertEquals("h264", presence.get("queues"));
        assertEquals("h264-nvenc", presence.get("refused"));
        cluster.store.cancel(gpuJob.jobId(), "test over");
    }

    @Test
    void aWorkerThatCanServeNoneOfItsQueuesRefusesToStart() {
        BadInputException refused = assertThrows(BadInputException.class, () -> new Worker(cluster.store, cluster.storage,
                Cluster.fastSettings().withQueues(List.of("h264-nvenc", "av1-nvenc"))));
        assertTrue(refused.getMessage().contains("queue h264-nvenc refused: h264_nvenc cannot encode on this host"), refused.getMessage());
        assertTrue(refused.getMessage().contains("queue av1-nvenc refused: av1_nvenc cannot encode on this host"), refused.getMessage());
    }

    record Run(int exit, String err) {
    }

    private static Run run(String... args) {
        CommandLine cli = VidfleetCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), err.toString());
    }

    /**
     * On the cluster's own storage (registered by the test cluster's coordinator), the queue is the only
     * fault; on storage no coordinator uses, the host's own fault is still the one reported: the encoder
     * check runs before the storage check, so the user is not sent to fix the wrong thing first.
     */
    @Test
    void theWorkerCommandExitsTwoWithOneLineWhenItCanServeNoQueue() {
        for (Path storage : List.of(cluster.storage.root(), dir)) {
            Run run = run("worker", "--redis", TestRedis.url(), "--storage", storage.toString(), "--queues", "hevc-nvenc");
            assertEquals(2, run.exit(), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertTrue(run.err().startsWith("vidfleet: this worker can serve none of its queues: queue hevc-nvenc refused: "
                    + "hevc_nvenc cannot encode on this host ("), run.err());
        }
    }

    @Test
    void localRefusesAProfileThisMachineCannotEncodeBeforeDoingAnything() {
        Run run = run("local", "--sample", "2", "--profile", "av1-nvenc-720p", "--storage", dir.resolve("storage").toString());
        assertEquals(2, run.exit(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("profile av1-nvenc-720p cannot run on this machine: queue av1-nvenc refused"), run.err());
        assertFalse(Files.exists(dir.resolve("storage")), "nothing made");
    }

    /** The encoders are tried while Redis is connected to: the verdict still comes before the storage or a key. */
    @Test
    void localRefusesAProfileOnItsInputBeforeMakingTheStorageOrAKey() {
        Path clip = TestMedia.standard("routing-160.mp4", 2, 160, 120);
        String prefix = TestRedis.PREFIX + "-refused";
        Run run = run("local", clip.toString(), "--profile", "h264-nvenc-720p", "--storage", dir.resolve("storage").toString(),
                "--redis", TestRedis.url(), "--key-prefix", prefix);
        assertEquals(2, run.exit(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("profile h264-nvenc-720p cannot run on this machine: queue h264-nvenc refused"), run.err());
        assertFalse(Files.exists(dir.resolve("storage")), "no storage made");
        assertEquals(Set.of(), TestRedis.client().keys(prefix + "*"), "no key made");
    }
}
