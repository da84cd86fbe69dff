package io.vidfleet.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void aJobsKeysAreNamedOnceForAllItsScriptCalls() {
        String job = "20261207-041325-rxlbvk";
        List<String> first = keys.jobKeys(job, List.of("v00001"));
        List<String> second = keys.jobKeys(job, List.of("v00002"));
        for (int i = 0; i < RedisKeys.JOB_KEY_COUNT; i++) {
            assertSame(first.get(i), second.get(i), "key " + (i + 1) + " made again");
        }
        assertEquals(keys.task(job, "v00002"), second.get(RedisKeys.JOB_KEY_COUNT));
    }

    @Test
    void theNamesOfABoundedNumberOfJobsAreKept() {
        for (int i = 0; i < RedisKeys.NAMED_JOBS_KEPT * 3; i++) {
            String job = String.format("20261207-041325-%06d", i);
            assertEquals(keys.stitchLease(job), keys.jobKeys(job).get(RedisKeys.JOB_KEY_COUNT - 1));
            assertTrue(keys.namedJobsKept() <= RedisKeys.NAMED_JOBS_KEPT, keys.namedJobsKept() + " jobs' names kept");
        }
    }
}
