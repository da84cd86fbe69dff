package io.vidfleet.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where one vidfleet run's wall time went, in ms, from the job's own log stream and the bench's clock:
 * start-up (command start to probe start), probe, plan (planning and creating the job), queue wait
 * (job created to first claim), encode (first claim to last task done), stitch, verify, and shut-down
 * (verified to process exit). A phase the log does not show is -1.
 */
public record Phases(long startup, long probe, long plan, long queueWait, long encode, long stitch, long verify,
                     long shutdown) {

    /** Everything that is not parallel encoding. */
    public long serial() {
        return positive(startup) + positive(probe) + positive(plan) + positive(queueWait) + positive(stitch)
                + positive(verify) + positive(shutdown);
    }

    public Map<String, Long> asMap() {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("start-up", startup);
        map.put("probe", probe);
        map.put("plan", plan);
        map.put("queue wait", queueWait);
        map.put("encode", encode);
        map.put("stitch", stitch);
        map.put("verify", verify);
        map.put("shut-down", shutdown);
        return map;
    }

    private static long positive(long value) {
        return Math.max(0, value);
    }
}
