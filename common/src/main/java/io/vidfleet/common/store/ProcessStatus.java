package io.vidfleet.common.store;

import java.time.Instant;
import java.util.List;

/**
 * A live worker or coordinator, from its presence hash ({@code vf:process:ID}) and the leases it holds.
 * {@code tasks}: the {@code JOB/TASK} it holds a lease on now.
 */
public record ProcessStatus(String id, String role, String host, List<String> queues, int slots, int busy,
                            int completed, Instant seen, List<String> tasks) {
}
