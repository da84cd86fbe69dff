package io.vidfleet.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

class LocalRedisServerIT {

    @Test
    void aFirstStartWhosePortWasTakenMeanwhileTakesAnother() throws Exception {
        // what happens when another process binds the free port between our choosing it and Redis binding it
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             LocalRedisServer redis = new LocalRedisServer(false, taken.getLocalPort())) {
            redis.start();
            assertNotEquals(taken.getLocalPort(), redis.port());
            try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
                assertEquals("PONG", jedis.ping());
            }
        }
    }
}
