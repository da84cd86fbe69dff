package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.SubmitRequest;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestRedis;
import io.vidfleet.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests in {@code docker/k8s}, parsed as YAML: every worker Deployment is scaled by a
 * KEDA ScaledObject on the backlog keys of exactly the queues it serves and outlives its grace period on
 * shutdown; and the key a trigger names holds the true ready backlog, read the way KEDA reads it, while a
 * real job runs.
 */
class KedaManifestsIT {
    private static final Path K8S = Path.of("").toAbsolutePath().getParent().resolve("docker/k8s");
    /** What the worker does after its grace period: hand back its running chunks, waiting up to 10 s. */
    private static final int RELEASE_SECONDS = 10;
    /** KEDA's Redis scaler measures a key by its type: ZCARD for a sorted set, LLEN for a list (none: 0). */
    private static final String KEDA_LENGTH = "local kind = redis.call('TYPE', KEYS[1]).ok "
            + "local length = {zset = 'ZCARD', list = 'LLEN', set = 'SCARD', hash = 'HLEN'} "
            + "local measured = kind == 'none' and 0 or redis.call(length[kind], KEYS[1]) "
            + "return {measured, redis.call('ZCARD', KEYS[2])}";

    @TempDir
    Path dir;

    private static List<JsonNode> manifests() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (MappingIterator<JsonNode> docs = new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
                    docs.readAll().stream().filter(doc -> doc.has("kind")).forEach(documents::add);
                }
            }
        }
        return documents;
    }

    private static Map<String, JsonNode> byKind(List<JsonNode> documents, String kind) {
        Map<String, JsonNode> named = new TreeMap<>();
        documents.stream().filter(d -> kind.equals(d.path("kind").asText()))
                .forEach(d -> named.put(d.path("metadata").path("name").asText(), d));
        return named;
    }

    private static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static List<String> args(JsonNode container) {
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        return args;
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? args.get(at + 1) : fallback;
    }

    @Test
    void everyWorkerDeploymentIsScaledOnTheBacklogOfItsQueuesAndOutlivesItsGracePeriod() throws IOException {
        List<JsonNode> documents = manifests();
        Map<String, JsonNode> deployments = byKind(documents, "Deployment");
        Map<String, JsonNode> scaled = byKind(documents, "ScaledObject");
        RedisKeys keys = new RedisKeys(RedisKeys.DEFAULT_PREFIX);
        Set<String> workers = new HashSet<>();
        for (Map.Entry<String, JsonNode> deployment : deployments.entrySet()) {
            JsonNode container = container(deployment.getValue());
            List<String> args = args(container);
            if (args.isEmpty() || !args.get(0).equals("worker")) {
                continue;
            }
            workers.add(deployment.getKey());
            int grace = Integer.parseInt(option(args, "--grace-seconds", "30"));
            int termination = deployment.getValue().path("spec").path("template").path("spec")
                    .path("terminationGracePeriodSeconds").asInt(30);
            assertTrue(termination > grace + RELEASE_SECONDS, deployment.getKey() + ": terminationGracePeriodSeconds "
                    + termination + " must exceed --grace-seconds " + grace + " plus the release");

            JsonNode scaledObject = scaled.values().stream()
                    .filter(s -> deployment.getKey().equals(s.path("spec").path("scaleTargetRef").path("name").asText()))
                    .findFirst().orElse(null);
            assertNotNull(scaledObject, "no ScaledObject scales " + deployment.getKey());
            Set<String> expected = new HashSet<>();
            for (String queue : option(args, "--queues", "").split(",")) {
                expected.add(keys.backlog(queue));
            }
            Set<String> named = new HashSet<>();
            Set<String> envNames = new HashSet<>();
            container.path("env").forEach(e -> envNames.add(e.path("name").asText()));
            for (JsonNode trigger : scaledObject.path("spec").path("triggers")) {
                assertTrue(Set.of("redis", "redis-cluster").contains(trigger.path("type").asText()), trigger.toString());
                JsonNode metadata = trigger.path("metadata");
                named.add(metadata.path("listName").asText());
                assertTrue(Integer.parseInt(metadata.path("listLength").asText()) > 0, trigger.toString());
                String addressEnv = metadata.path("addressFromEnv").asText();
                assertTrue(envNames.contains(addressEnv), deployment.getKey() + " defines " + addressEnv + " for KEDA");
            }
            assertEquals(expected, named, deployment.getKey() + ": one trigger per queue it serves, on that queue's backlog");
        }
        assertFalse(workers.isEmpty(), "worker Deployments in " + K8S);
    }

    @Test
    void theKeyKedaReadsHoldsTheTrueBacklogWhileARealJobRuns() throws IOException {
        String listName = byKind(manifests(), "ScaledObject").values().stream()
                .flatMap(s -> Stream.of(s.path("spec").path("triggers")).flatMap(t -> {
                    List<String> names = new ArrayList<>();
                    t.forEach(trigger -> names.add(trigger.path("metadata").path("listName").asText()));
                    return names.stream();
                }))
                .filter(name -> name.equals(new RedisKeys(RedisKeys.DEFAULT_PREFIX).backlog("h264"))).findFirst()
                .orElseThrow(() -> new AssertionError("no trigger on the h264 queue's backlog"));
        // this test's own key prefix: the key the manifest names, under it
        String prefix = "vfkeda" + UUID.randomUUID().toString().substring(0, 8);
        JobStore store = new JobStore(TestRedis.client(), new RedisKeys(prefix));
        String key = prefix + listName.substring(RedisKeys.DEFAULT_PREFIX.length());
        assertEquals(store.keys().backlog("h264"), key);

        SharedDirectoryStorage storage = new SharedDirectoryStorage(dir);
        SubmittedJob job = new JobSubmitter(store, storage).submit(SubmitRequest.of(
                TestMedia.standard("keda-320.mp4", 6, 320, 240), "h264-720p").withChunkLength(Duration.ofSeconds(1)));
        int tasks = store.get(job.jobId()).tasksTotal();
        long[] before = measure(store, key, job.jobId());
        assertEquals(tasks, before[1], "every task waits before a worker runs");
        assertEquals(tasks, before[0], "the backlog KEDA reads before a worker runs");

        // no reaper during the run (its interval is long): only the queue operations keep the key true
        Worker worker = new Worker(store, storage, Cluster.fastSettings().withQueues(List.of("h264"))
                .withReaperInterval(Duration.ofHours(1)));
        Map<Long, Integer> exactSamplesByBacklog = new HashMap<>();
        worker.start();
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (store.get(job.jobId()).state() != JobState.STITCHING) {
                assertTrue(System.nanoTime() < deadline, "the job's tasks did not finish: " + store.get(job.jobId()));
                long[] sample = measure(store, key, job.jobId());
                // one worker slot: at most one claim can be between its script and its backlog update
                assertTrue(sample[0] >= sample[1] && sample[0] <= sample[1] + 1,
                        "KEDA reads " + sample[0] + " while " + sample[1] + " tasks wait");
                exactSamplesByBacklog.merge(sample[1], sample[0] == sample[1] ? 1 : 0, Integer::sum);
                Cluster.sleep(20);
            }
        } finally {
            worker.close();
        }
        long[] after = measure(store, key, job.jobId());
        assertEquals(0, after[1]);
        assertEquals(0, after[0], "nothing waits once every task is done");
        assertTrue(exactSamplesByBacklog.size() > 1, "the backlog was watched while it fell: " + exactSamplesByBacklog);
        exactSamplesByBacklog.forEach((waiting, exact) -> assertTrue(exact > 0,
                "while " + waiting + " tasks waited, the key never said so exactly: " + exactSamplesByBacklog));
        store.cancel(job.jobId(), "test over");
        store.markInactive(job.jobId());
    }

    /** {what KEDA reads from the key, how many of the job's tasks are ready}, in one atomic step. */
    private static long[] measure(JobStore store, String key, String jobId) {
        List<?> reply = (List<?>) store.redis().eval(KEDA_LENGTH, List.of(key, store.keys().ready(jobId)), List.of());
        return new long[] {(Long) reply.get(0), (Long) reply.get(1)};
    }
}
