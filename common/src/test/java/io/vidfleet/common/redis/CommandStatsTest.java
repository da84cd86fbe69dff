package io.vidfleet.common.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandStatsTest {
    /** As Redis 7.0 answers INFO commandstats. */
    private static final String INFO = "# Commandstats\r\n"
            + "cmdstat_fcall:calls=23008,usec=1660547,usec_per_call=72.17,rejected_calls=0,failed_calls=2\r\n"
            + "cmdstat_function|load:calls=3,usec=1431,usec_per_call=477.00,rejected_calls=0,failed_calls=0\r\n"
            + "cmdstat_evalsha:calls=7,usec=70,usec_per_call=10.00,rejected_calls=0,failed_calls=0\r\n";

    @Test
    void eachCommandsCallsAreReadAndTheScriptCallsAddedUp() {
        Map<String, Long> calls = CommandStats.calls(INFO);
        assertEquals(Map.of("fcall", 23008L, "function|load", 3L, "evalsha", 7L), calls);
        assertEquals(23015, LuaScript.scriptCalls(calls));
    }
}
