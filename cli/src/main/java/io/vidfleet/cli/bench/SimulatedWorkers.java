package io.vidfleet.cli.bench;

import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.store.JobStore;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;

/**
 * The clients of the scale simulation's workers: one each, connected before the clock starts, as each
 * worker process has its own. One pool shared by hundreds of threads would instead make them queue for
 * its connections, open new ones inside the timed window, and share one queue and backlog cache, which
 * no fleet of separate workers does.
 */
final class SimulatedWorkers implements AutoCloseable {
    private final List<UnifiedJedis> connections = new ArrayList<>();
    private final List<ClaimLoop.Client> clients = new ArrayList<>();

    SimulatedWorkers(String url, RedisKeys keys, int workers) {
        try {
            for (int w = 0; w < workers; w++) {
                UnifiedJedis redis = BenchRedis.open(url, 1); // one claim loop: one connection in use at a time
                connections.add(redis);
                clients.add(ClaimLoop.Client.of(new JobStore(redis, keys)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    ClaimLoop.Client client(int worker) {
        return clients.get(worker);
    }


    @Override
    public void close() {
        connections.forEach(UnifiedJedis::close);
    }
}
