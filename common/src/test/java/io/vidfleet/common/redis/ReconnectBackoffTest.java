package io.vidfleet.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void processesThatLostRedisTogetherDoNotRetryInLockstep() {
        Set<Long> firstWaits = new HashSet<>();
        for (int process = 0; process < 50; process++) {
            long wait = ReconnectBackoff.standard().failed().toMillis();
            assertTrue(wait >= 100 && wait <= 200, "between half and all of the first step: " + wait);
            firstWaits.add(wait);
        }
        assertTrue(firstWaits.size() >= 10, "50 processes spread their first retry: " + firstWaits);
    }

    @Test
    void theCeilingDoublesUpToItsLimitAndASuccessResetsIt() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1_000));
        long[] ceilings = {100, 200, 400, 800, 1_000, 1_000};
        for (long ceiling : ceilings) {
            long wait = backoff.failed().toMillis();
            assertTrue(wait >= ceiling / 2 && wait <= ceiling, wait + " within [" + ceiling / 2 + ", " + ceiling + "]");
        }
        assertEquals(6, backoff.failures());
        assertTrue(backoff.succeeded().compareTo(Duration.ZERO) >= 0);
        assertEquals(0, backoff.failures());
        assertTrue(backoff.failed().toMillis() <= 100, "back to the first step");
    }
}
