package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.LocalRedisCluster;
import io.vidfleet.testing.TestMedia;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same job on a three-master Redis Cluster: every script stays in one slot, so no CROSSSLOT error. */
class RedisClusterIT {

    @Test
    void aJobCompletesOnARedisCluster() throws Exception {
        assumeTrue(LocalRedisCluster.available(), "redis-server and redis-cli are not on PATH");
        try (LocalRedisCluster redis = new LocalRedisCluster()) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            try (Cluster cluster = new Cluster(store, 2, Cluster.fastSettings())) {
                SubmittedJob first = new JobSubmitter(store, cluster.storage).submit(
                        SubmitRequest.of(TestMedia.longGop(), "h264-720p").withChunkLength(Duration.ofSeconds(3)));
                SubmittedJob second = new JobSubmitter(store, cluster.storage).submit(
                        SubmitRequest.of(TestMedia.noAudio(), "hevc-720p").withChunkLength(Duration.ofSeconds(2)));
                for (SubmittedJob job : List.of(first, second)) {
                    JobRecord done = cluster.await(job.jobId(), Duration.ofMinutes(2));
                    assertEquals(JobState.DONE, done.state(), done.reason());
                    assertEquals(job.frames(), new MediaProbe(Ffmpeg.get()).timeline(cluster.output(done)).size());
                }
            }
        }
    }
}
