package io.vidfleet.common.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void followsTheHappyPath() {
        assertTrue(JobState.QUEUED.canMoveTo(JobState.RUNNING));
        assertTrue(JobState.RUNNING.canMoveTo(JobState.STITCHING));
        assertTrue(JobState.STITCHING.canMoveTo(JobState.DONE));
    }

    @Test
    void doneAndCancelledAreFinal() {
        for (JobState next : JobState.values()) {
            assertFalse(JobState.DONE.canMoveTo(next));
            assertFalse(JobState.CANCELLED.canMoveTo(next));
        }
    }

    @Test
    void aFailedJobCanOnlyBeRequeuedOrCancelled() {
        assertTrue(JobState.FAILED.canMoveTo(JobState.QUEUED));
        assertTrue(JobState.FAILED.canMoveTo(JobState.CANCELLED));
        assertFalse(JobState.FAILED.canMoveTo(JobState.DONE));
    }

    @Test
    void wireNamesRoundTrip() {
        for (JobState state : JobState.values()) {
            assertEquals(state, JobState.fromWire(state.wire()));
        }
    }
}
