package io.vidfleet.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vidfleet.testing.TestRedis;
import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.UnifiedJedis;

class RedisConnectorIT {
    /**
     * commons-pool registers every pool with the platform MBean server by default, which starts JMX (about
     * 200 classes, 0.05 s of every command's start) for beans nothing reads.
     */
    @Test
    void aClientsPoolStartsNoJmx() throws Exception {
        try (UnifiedJedis client = RedisConnector.open(TestRedis.url())) {
            assertEquals("PONG", client.ping());
            Set<ObjectName> pools = ManagementFactory.getPlatformMBeanServer().queryNames(new ObjectName("org.apache.commons.pool2:*"), null);
            assertEquals(Set.of(), pools);
        }
    }
}
