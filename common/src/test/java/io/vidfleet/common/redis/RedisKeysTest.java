package io.vidfleet.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisKeysTest {
    private final RedisKeys keys = new RedisKeys("vf");

    @Test
    void scriptKeysAreTheJobsOwnKeysInLibLuasOrderThenTheTasksHashes() {
        String job = "20261207-041325-rxlbvk";
        assertEquals(List.of(keys.job(job), keys.ready(job), keys.inflight(job), keys.delayed(job), keys.dead(job),
                        keys.tasks(job), keys.log(job), keys.stitchLease(job), keys.task(job, "v00001"), keys.task(job, "audio")),
                keys.jobKeys(job, List.of("v00001", "audio")));
        assertEquals(RedisKeys.JOB_KEY_COUNT, keys.jobKeys(job).size());
        assertEquals("vf:job:{" + job + "}:task:v00001", keys.task(job, "v00001"));
    }
}
