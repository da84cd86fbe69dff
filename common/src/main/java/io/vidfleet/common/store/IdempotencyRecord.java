package io.vidfleet.common.store;

/**
 * What an idempotency key holds: the job, a fingerprint of the request that made it, and whether the job
 * exists yet ({@code created}) or its submit is still creating it ({@code pending}).
 */
public record IdempotencyRecord(boolean pending, String jobId, String fingerprint) {

    public static IdempotencyRecord pending(String jobId, String fingerprint) {
        return new IdempotencyRecord(true, jobId, fingerprint);
    }

    public IdempotencyRecord created() {
        return new IdempotencyRecord(false, jobId, fingerprint);
    }

    public String wire() {
        return (pending ? "pending " : "created ") + jobId + " " + fingerprint;
    }

    /** Parses {@link #wire()}; a bare job id (written before fingerprints existed) counts as created. */
    public static IdempotencyRecord parse(String value) {
        String[] parts = value.split(" ");
        if (parts.length == 3 && (parts[0].equals("pending") || parts[0].equals("created"))) {
            return new IdempotencyRecord(parts[0].equals("pending"), parts[1], parts[2]);
        }
        return new IdempotencyRecord(false, value.strip(), "");
    }
}
