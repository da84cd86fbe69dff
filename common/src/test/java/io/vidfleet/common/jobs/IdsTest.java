package io.vidfleet.common.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.error.InvalidRecordException;
import org.junit.jupiter.api.Test;

class IdsTest {
    @Test
    void lettersDigitsDashesAndUnderscoresAreAnId() {
        assertTrue(Ids.valid("a"));
        assertTrue(Ids.valid("0"));
        assertTrue(Ids.valid("Job_2026-12-07"));
        assertTrue(Ids.valid("x".repeat(64)));
    }

    @Test
    void nothingThatCouldNameAnotherPathIsAnId() {
        for (String id : new String[] {"", "..", ".", "a/b", "a\\b", "a.b", "-a", "_a", "a b", "a\nb", "a:b", "é",
                "a\u0000", "x".repeat(65), "a%2e"}) {
            assertFalse(Ids.valid(id), id);
        }
        assertFalse(Ids.valid(null));
    }

    @Test
    void aBadIdFromRedisIsAnInvalidRecord() {
        assertThrows(InvalidRecordException.class, () -> Ids.requireTaskId("../x"));
        assertThrows(InvalidRecordException.class, () -> Ids.requireJobId("x".repeat(65)));
    }
}
