package io.vidfleet.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.store.JobStore;
import io.vidfleet.testing.TestRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** {@link RedisConnector#openPipelined}: the threads of a process share one connection, and each still gets its own reply. */
class AutoPipeliningIT {
    private static final int THREADS = 8;
    private final String prefix = TestRedis.PREFIX + ":pipelining:" + System.nanoTime() + ":";
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS + 1);
    private UnifiedJedis pipelined;
    private UnifiedJedis other;

    @BeforeEach
    void open() {
        pipelined = RedisConnector.openPipelined(TestRedis.url(), RedisSecurity.none(), THREADS);
        other = TestRedis.client();
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        for (String key : other.keys(prefix + "*")) {
            other.del(key);
        }
        pipelined.close();
        other.close();
    }

    @Test
    void aWorkersSlotsShareOneConnection() throws Exception {
        JobStore store = JobStore.connect(TestRedis.url(), TestRedis.keys(), THREADS);
        try {
            CyclicBarrier together = new CyclicBarrier(THREADS);
            Set<Long> ids = ConcurrentHashMap.newKeySet();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        together.await(10, TimeUnit.SECONDS); // all at once, as slots finishing together would
                        ids.add(clientId(store.redis()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(1, ids.size(), "connections used by " + THREADS + " threads: " + ids);
        } finally {
            store.redis().close();
            store.blocking().close();
        }
    }

    @Test
    void everyThreadGetsItsOwnReplies() throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(threads.submit(() -> {
                for (int i = 0; i < 300; i++) {
                    String key = prefix + thread + ":" + i;
                    pipelined.set(key, thread + "/" + i);
                    assertEquals(thread + "/" + i, pipelined.get(key));
                    assertEquals(i + 1, pipelined.incr(prefix + "count:" + thread));
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void anErrorReplyFailsOnlyItsOwnCommand() throws Exception {
        pipelined.set(prefix + "text", "a string");
        Future<?> wrong = threads.submit(() -> {
            for (int i = 0; i < 200; i++) {
                assertThrows(JedisDataException.class, () -> pipelined.lpush(prefix + "text", "x"));
            }
            return null;
        });
        for (int i = 0; i < 200; i++) {
            pipelined.set(prefix + "n", Integer.toString(i));
            assertEquals(Integer.toString(i), pipelined.get(prefix + "n"));
        }
        wrong.get(30, TimeUnit.SECONDS);
        assertEquals("a string", pipelined.get(prefix + "text"));
    }

    @Test
    void aBlockingCommandWaitsOnAConnectionOfItsOwn() throws Exception {
        String list = prefix + "list";
        Future<List<String>> blocked = threads.submit(() -> pipelined.blpop(30, list));
        waitForBlockedClient();
        pipelined.set(prefix + "k", "v"); // were the BLPOP on the shared connection, this would wait behind it
        assertEquals("v", pipelined.get(prefix + "k"));
        assertFalse(blocked.isDone(), "the BLPOP returned before anything was pushed");
        other.rpush(list, "item");
        assertEquals(List.of(list, "item"), blocked.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aLostConnectionFailsItsCallAndTheNextCommandReconnectsAsConfigured() {
        String database = TestRedis.url().replaceAll("/\\d*$", "") + "/1"; // a new connection must SELECT it again
        try (UnifiedJedis inDatabase = RedisConnector.openPipelined(database, RedisSecurity.none(), THREADS);
             UnifiedJedis checker = RedisConnector.open(database)) {
            long before = clientId(inDatabase);
            other.sendCommand(Protocol.Command.CLIENT, "KILL", "ID", Long.toString(before));
            assertThrows(JedisConnectionException.class, () -> {
                for (int i = 0; i < 3; i++) { // the kill may be seen when writing or only when reading
                    inDatabase.ping();
                }
            });
            inDatabase.set(prefix + "after", "reconnected");
            assertNotEquals(before, clientId(inDatabase));
            assertEquals("reconnected", checker.get(prefix + "after"));
            checker.del(prefix + "after");
        }
    }

    private static long clientId(UnifiedJedis redis) {
        return (Long) redis.sendCommand(Protocol.Command.CLIENT, "ID");
    }

    private void waitForBlockedClient() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            String clients = (String) redis.clients.jedis.BuilderFactory.STRING.build(
                    other.sendCommand(Protocol.Command.CLIENT, "LIST"));
            if (clients.contains("cmd=blpop")) {
                return;
            }
            Thread.sleep(10);
        }
        assertTrue(false, "the BLPOP never blocked");
    }
}
