package io.vidfleet.common;

import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;

/** Names for running processes and jobs: readable in redis-cli, unique across machines. */
public final class ProcessIds {
    private ProcessIds() {
    }

    /** e.g. {@code worker-host-4711-k3f9}. */
    public static String forProcess(String role) {
        return role + "-" + host() + "-" + ProcessHandle.current().pid() + "-" + random(4);
    }

    /** e.g. {@code 20261127-181502-k3f9a1}: sorts by time, unique enough for concurrent submits. */
    public static String newJobId() {
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()) + "-" + random(6);
    }

    /** This machine's short host name. */
    public static String host() {
        try {
            return InetAddress.getLocalHost().getHostName().split("\\.")[0];
        } catch (Exception e) {
            return "host";
        }
    }

    private static String random(int length) {
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < length; i++) {
            id.append(Character.forDigit(ThreadLocalRandom.current().nextInt(36), 36));
        }
        return id.toString();
    }
}
