package io.vidfleet.cli.bench;

import io.vidfleet.common.redis.LuaScript;
import java.lang.management.ManagementFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * What Redis and this JVM had used at one instant; the difference of two is what a run cost. Redis's
 * CPU near the run's wall time means the one Redis was the limit; this JVM's is the simulated workers'
 * own work, which separate workers would do on machines of their own rather than on the cores Redis uses.
 */
record Usage(long redisCpuMillis, long connectionsAccepted, long scriptCalls, long benchCpuMillis) {
    static Usage now(UnifiedJedis redis) {
        return new Usage(BenchRedis.cpuMillis(redis), BenchRedis.connectionsAccepted(redis),
                LuaScript.scriptCalls(BenchRedis.commandCalls(redis)), processCpuMillis());
    }

    Usage since(Usage earlier) {
        return new Usage(redisCpuMillis - earlier.redisCpuMillis, connectionsAccepted - earlier.connectionsAccepted,
                scriptCalls - earlier.scriptCalls, benchCpuMillis - earlier.benchCpuMillis);
    }

    private static long processCpuMillis() {
        return Math.max(0, processCpuNanos() / 1_000_000);
    }

    /** This JVM's CPU time so far (ns), or -1 when the JVM does not say. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
