package io.vidfleet.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.queue.ClaimedTask;
import io.vidfleet.common.queue.TaskQueue;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.TestJobs;
import io.vidfleet.testing.TestRedis;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.LibraryInfo;
import redis.embedded.RedisServer;

/**
 * How the scripts reach Redis: as functions (Redis 7.0 and later), loaded once per library and again when Redis
 * lost them; by SHA on a Redis without functions; and from one to the other when a process meets both.
 */
class LuaScriptIT {
    private static final LuaScript CLAIM = LuaScript.load("claim");

    @Test
    void eachScriptIsALibraryOfItsOwnNamedWithItsCodesHash() {
        try (LocalRedisServer redis = LocalRedisServer.started(false); Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            admin.configResetStat();
            completeOne(store);
            assertTrue(CLAIM.functionName().matches("vf_claim_[0-9a-f]{16}"), CLAIM.functionName());
            assertTrue(libraries(admin).contains(CLAIM.functionName()), "loaded: " + libraries(admin));
            // the hash covers all the code Redis holds (the function's wrapper too), not the script's source only
            String code = admin.functionListWithCode(CLAIM.functionName()).get(0).getLibraryCode();
            String hash = LuaScript.sha1(code.replace(CLAIM.functionName(), LuaScript.NAME_PLACEHOLDER));
            assertEquals("vf_claim_" + hash.substring(0, 16), CLAIM.functionName());
            Map<String, Long> calls = scriptCalls(admin);
            assertTrue(calls.get("fcall") >= 3, "create, claim and complete ran as functions: " + calls);
            assertEquals(0, calls.get("evalsha") + calls.get("eval"), "none by SHA: " + calls);
        }
    }

    /** A fleet starting together: the processes after the first find the functions loaded and load nothing. */
    @Test
    void aProcessThatFindsTheFunctionsLoadedLoadsNothing() {
        try (LocalRedisServer redis = LocalRedisServer.started(false); Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            completeOne(store); // the first process loads them
            String jobId = TestJobs.create(store, TestJobs.draft(1, Duration.ofSeconds(30), 3));
            admin.configResetStat();
            LuaScript claimOfAnotherProcess = LuaScript.load("claim");
            List<?> reply = (List<?>) claimOfAnotherProcess.runOnJob(store.redis(), store.keys(), jobId, List.of(),
                    List.of("w2", "64", jobId + "/", "8"));
            assertEquals("moved", reply.get(0), "it ran, and named the ready set's head: " + reply);
            assertFalse(CommandStats.calls(admin.info("commandstats")).containsKey("function|load"), admin.info("commandstats"));
        }
    }

    @Test
    void aRedisThatLostItsFunctionsGetsThemAgainAtTheNextCall() {
        try (LocalRedisServer redis = LocalRedisServer.started(false); Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            completeOne(store);
            admin.functionFlush(); // as a Redis restarted without persistence
            completeOne(store);
            assertTrue(libraries(admin).contains(CLAIM.functionName()), "loaded again: " + libraries(admin));
        }
    }

    /**
     * A library outlives its calls: what a call kept there (creating a job passes its whole task list) must go with
     * the call, or every later garbage collection of Redis's Lua walks it. With it kept, the functions' Lua heap
     * stayed at 29 MB through a whole bench run.
     */
    @Test
    void aJobsWholeTaskListIsNotKeptInRedissLuaAfterTheCallThatPassedIt() {
        try (LocalRedisServer redis = LocalRedisServer.started(false); Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            JobStore store = new JobStore(RedisConnector.open(redis.url()), TestRedis.keys());
            String jobId = TestJobs.create(store, TestJobs.draft(20_000, Duration.ofSeconds(30), 3));
            long afterCreation = functionsHeap(admin);
            TaskQueue queue = new TaskQueue(store.redis(), store.keys());
            for (int i = 0; i < 2_000; i++) { // their garbage makes Lua collect
                assertTrue(queue.complete(queue.claim(jobId, "w").task(), "result").accepted());
            }
            long later = functionsHeap(admin);
            assertTrue(later < afterCreation / 4, "the functions' Lua heap went from " + afterCreation + " to " + later);
        }
    }

    private static long functionsHeap(Jedis admin) {
        return Long.parseLong(admin.info("memory").replaceAll("(?s).*used_memory_vm_functions:(\\d+).*", "$1"));
    }

    /** A process that meets a Redis with functions, then one without (the 6.2 embedded-redis bundles), then another with. */
    @Test
    void aRedisWithoutFunctionsRunsTheScriptsByShaBetweenTwoThatRunThemAsFunctions() throws IOException {
        assertRunAsFunctions();
        int port = freePort();
        RedisServer old = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"").build();
        old.start();
        try (Jedis admin = new Jedis("127.0.0.1", port)) {
            assertTrue(admin.info("server").contains("redis_version:6."), "the bundled Redis is older than 7.0");
            completeOne(new JobStore(RedisConnector.open("redis://127.0.0.1:" + port), TestRedis.keys()));
            Map<String, Long> calls = scriptCalls(admin);
            assertTrue(calls.get("evalsha") >= 3, "create, claim and complete ran by SHA: " + calls);
        } finally {
            old.stop();
        }
        assertRunAsFunctions();
    }

    private static void assertRunAsFunctions() {
        try (LocalRedisServer redis = LocalRedisServer.started(false); Jedis admin = new Jedis("127.0.0.1", redis.port())) {
            completeOne(new JobStore(RedisConnector.open(redis.url()), TestRedis.keys()));
            Map<String, Long> calls = scriptCalls(admin);
            assertTrue(calls.get("fcall") >= 3, "create, claim and complete ran as functions: " + calls);
        }
    }

    private static void completeOne(JobStore store) {
        String jobId = TestJobs.create(store, TestJobs.draft(1, Duration.ofSeconds(30), 3));
        TaskQueue queue = new TaskQueue(store.redis(), store.keys());
        ClaimedTask task = queue.claim(jobId, "w").task();
        assertTrue(queue.complete(task, "result").accepted());
    }

    private static List<String> libraries(Jedis admin) {
        return admin.functionList().stream().map(LibraryInfo::getLibraryName).toList();
    }

    /** Calls of each script-running command, 0 for one never called. */
    private static Map<String, Long> scriptCalls(Jedis admin) {
        Map<String, Long> all = CommandStats.calls(admin.info("commandstats"));
        Map<String, Long> calls = new HashMap<>();
        LuaScript.CALL_COMMANDS.forEach(command -> calls.put(command, all.getOrDefault(command, 0L)));
        return calls;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
