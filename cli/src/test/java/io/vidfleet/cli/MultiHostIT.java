package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.SampleVideo;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.testing.CreateBucket;
import io.vidfleet.testing.TestMedia;
import io.vidfleet.testing.TestS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several hosts on a real network: Redis, the S3 server (S3Proxy), a coordinator, two workers and the
 * submitter each in a network namespace of their own, joined by veth pairs to a bridge in a hub
 * namespace; every process has a private scratch directory and S3 is the only storage. A job completes
 * frame-exact. Then one worker's link is cut in the middle of a chunk: its lease runs out, the other
 * worker completes the chunk, and when the link comes back the late attempt is rejected and nothing of it
 * is read. Everything is asserted on the job's log in Redis, the bucket and the output. Linux, as root.
 */
@Tag("multi-host")
class MultiHostIT {
    private static final MediaProbe PROBE = new MediaProbe(Ffmpeg.get());
    private static final RedisKeys KEYS = new RedisKeys(); // the processes inherit the test JVM's key prefix
    private static final String BUCKET = "vidfleet";
    private static final Pattern JOB_ID = Pattern.compile("(?m)^(\\d{8}-\\d{6}-[0-9a-z]{6})$");
    private static final Pattern WORKER_ID = Pattern.compile("worker (\\S+) serving queues");

    @TempDir
    Path dir;

    private final String tag = "vf" + ThreadLocalRandom.current().nextInt(1000, 9999);
    private final String subnet = "10.213." + ThreadLocalRandom.current().nextInt(1, 250) + ".";
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, String> addresses = new HashMap<>();

    @Test
    void aJobAcrossHostsIsFrameExactAndALateAttemptAfterACutLinkIsNeverRead() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "MultiHostIT needs root for ip netns; skipped");
        assumeTrue(onPath("ip") && onPath("redis-server") && onPath("redis-cli"), "MultiHostIT needs ip, redis-server and redis-cli on PATH; skipped");
        network(List.of("redis", "s3", "coord", "w1", "w2", "submit"));
        String redisUrl = "redis://" + addresses.get("redis") + ":6379";
        String endpoint = "http://" + addresses.get("s3") + ":9000";
        startRedis();
        startS3(endpoint);
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", TestS3.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", TestS3.SECRET_KEY,
                "AWS_REGION", "us-east-1", "AWS_EC2_METADATA_DISABLED", "true", "VIDFLEET_S3_ENDPOINT", endpoint,
                "VIDFLEET_STORAGE", "s3://" + BUCKET + "/vf", "REDIS_URL", redisUrl);
        vidfleet("coord", env, "coordinator");
        String w1 = awaitWorker(vidfleet("w1", env, "worker", "--queues", "h264", "--threads", "1", "--grace-seconds", "0"), "w1");
        String w2 = awaitWorker(vidfleet("w2", env, "worker", "--queues", "h264", "--threads", "1", "--grace-seconds", "0"), "w2");

        // 1. a job across the hosts completes frame-exact
        Path first = privateCopy("submit", TestMedia.standard("multihost-4s.mp4", 4, 320, 240));
        Path firstOut = first.resolveSibling("first-out.mp4");
        Process submit = vidfleet("submit", env, "submit", first.toString(), "--chunk-seconds", "1", "--wait", "--output", firstOut.toString());
        assertEquals(0, awaitExit(submit, Duration.ofMinutes(5)), log("submit"));
        assertEquals(PROBE.timeline(first).size(), PROBE.timeline(firstOut).size(), "frame-exact");

        // 2. cut w1's link while it encodes a chunk
        Path second = privateCopy("submit", TestMedia.make("multihost-12s.mp4", SampleVideo.standard(12).withSize(640, 360).withGop(60)));
        Path secondOut = second.resolveSibling("second-out.mp4");
        Process job = vidfleet("submit2", "submit", env, "submit", second.toString(), "--chunk-seconds", "3", "--lease-seconds", "4",
                "--wait", "--output", secondOut.toString());
        String jobId = await(() -> match(JOB_ID, log("submit2")), Duration.ofMinutes(2), "the job id");
        Claim cut = cutDuringChunk(jobId, w1);

        // its lease runs out on Redis's clock and w2 completes the chunk
        List<Event> events = await(() -> {
            List<Event> log = jobLog(jobId);
            return log.stream().anyMatch(e -> e.event().equals("job-done")) ? Optional.of(log) : Optional.empty();
        }, Duration.ofMinutes(5), "job " + jobId + " done");
        assertTrue(events.stream().anyMatch(e -> e.event().equals("lease-expired") && e.task().equals(cut.task())),
                "the cut worker's lease ran out: " + events);
        Event done = events.stream().filter(e -> e.event().equals("done") && e.task().equals(cut.task())).findFirst().orElseThrow();
        assertFalse(done.token().equals(cut.token()), "the chunk was completed by a later attempt, not the cut one");
        assertTrue(events.stream().anyMatch(e -> e.event().equals("claimed") && e.task().equals(cut.task())
                && e.worker().equals(w2) && e.token().equals(done.token())), "w2 completed it: " + events);
        assertEquals(0, awaitExit(job, Duration.ofMinutes(2)), log("submit2"));
        assertEquals(PROBE.timeline(second).size(), PROBE.timeline(secondOut).size(), "frame-exact without the cut attempt");

        // the link comes back: the late attempt is refused and nothing of it is published or read
        link("w1", true);
        long restored = System.currentTimeMillis();
        await(() -> Optional.ofNullable(redis("HGET", KEYS.process(w1), "seen")).filter(s -> !s.isEmpty()
                && Long.parseLong(s.trim()) > restored), Duration.ofMinutes(2), "w1 back on the network");
        String late = cut.task() + ".t" + cut.token() + ".";
        await(() -> log("w1").contains(jobId + "/" + cut.task()) ? Optional.of(true) : Optional.empty(),
                Duration.ofMinutes(2), "w1 giving up " + cut.task());
        assertFalse(jobLog(jobId).stream().anyMatch(e -> e.event().equals("done") && e.token().equals(cut.token())),
                "no completion of the late attempt was accepted");
        try (Stream<Path> stored = Files.walk(dir.resolve("s3-data"))) {
            assertFalse(stored.anyMatch(p -> p.getFileName().toString().contains(late)), "no object of the late attempt");
        }
        assertFalse(log("w1").contains(jobId + "/" + cut.task() + ": done"), "w1 never reported the chunk done:\n" + log("w1"));
        System.out.printf("MultiHostIT: job %s, task %s cut on %s (token %s), completed by %s (token %s); %s said:%n%s%n",
                jobId, cut.task(), w1, cut.token(), w2, done.token(), w1, log("w1").lines()
                        .filter(l -> l.contains(jobId + "/" + cut.task())).collect(java.util.stream.Collectors.joining("\n")));
    }

    record Event(String event, String task, String worker, String token) {
    }

    record Claim(String task, String token) {
    }

    /** Waits for w1 to claim a video chunk, then cuts its link; retries if the chunk finished before the cut. */
    private Claim cutDuringChunk(String jobId, String worker) {
        while (true) {
            Claim claim = await(() -> openClaim(jobLog(jobId), worker), Duration.ofMinutes(3), worker + " claiming a chunk");
            link("w1", false);
            boolean finishedFirst = jobLog(jobId).stream().anyMatch(e -> e.event().equals("done") && e.token().equals(claim.token()));
            if (!finishedFirst) {
                return claim;
            }
            link("w1", true); // too late: that chunk was done already; wait for the next one
        }
    }

    private static Optional<Claim> openClaim(List<Event> events, String worker) {
        for (Event claimed : events) {
            if (claimed.event().equals("claimed") && claimed.worker().equals(worker) && claimed.task().startsWith("v")
                    && events.stream().noneMatch(e -> e.event().equals("done") && e.token().equals(claimed.token()))) {
                return Optional.of(new Claim(claimed.task(), claimed.token()));
            }
        }
        return Optional.empty();
    }

    /** The job's log stream, one event per entry (read with redis-cli inside Redis's namespace). */
    private List<Event> jobLog(String jobId) {
        String script = "local r={} for _,e in ipairs(redis.call('XRANGE',KEYS[1],'-','+')) do local m={} "
                + "for i=1,#e[2],2 do m[e[2][i]]=e[2][i+1] end table.insert(r,(m.event or '')..'|'..(m.task or '')..'|'"
                + "..(m.worker or '')..'|'..(m.token or '')) end return r";
        String out = redis("EVAL", script, "1", KEYS.log(jobId));
        List<Event> events = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\\|", -1);
            if (f.length == 4) {
                events.add(new Event(f[0], f[1], f[2], f[3]));
            }
        }
        return events;
    }

    private String redis(String... command) {
        List<String> args = new ArrayList<>(List.of("ip", "netns", "exec", ns("redis"), "redis-cli", "--raw", "-h", addresses.get("redis")));
        args.addAll(List.of(command));
        return run(args);
    }

    // ---- the network

    private void network(List<String> hosts) {
        String hub = tag + "-hub";
        addNamespace(hub);
        run(List.of("ip", "-n", hub, "link", "add", "br0", "type", "bridge"));
        run(List.of("ip", "-n", hub, "link", "set", "br0", "up"));
        int address = 2;
        for (String host : hosts) {
            String ns = ns(host);
            addNamespace(ns);
            String inside = tag + host + "a";
            String outside = tag + host + "b";
            run(List.of("ip", "link", "add", inside, "type", "veth", "peer", "name", outside));
            run(List.of("ip", "link", "set", inside, "netns", ns));
            run(List.of("ip", "link", "set", outside, "netns", hub));
            addresses.put(host, subnet + address++);
            run(List.of("ip", "-n", ns, "addr", "add", addresses.get(host) + "/24", "dev", inside));
            run(List.of("ip", "-n", ns, "link", "set", inside, "up"));
            run(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
            run(List.of("ip", "-n", hub, "link", "set", outside, "master", "br0"));
            run(List.of("ip", "-n", hub, "link", "set", outside, "up"));
        }
    }

    private void link(String host, boolean up) {
        run(List.of("ip", "-n", tag + "-hub", "link", "set", tag + host + "b", up ? "up" : "down"));
    }

    private void addNamespace(String ns) {
        run(List.of("ip", "netns", "add", ns));
        namespaces.add(ns);
    }

    private String ns(String host) {
        return tag + "-" + host;
    }

    // ---- the processes

    private void startRedis() {
        start("redis", "redis", Map.of(), List.of("redis-server", "--bind", addresses.get("redis"), "--port", "6379",
                "--save", "", "--appendonly", "no", "--protected-mode", "no"));
        await(() -> {
            try {
                return Optional.of(redis("PING")).filter(r -> r.contains("PONG"));
            } catch (IllegalStateException starting) {
                return sleepEmpty();
            }
        }, Duration.ofSeconds(60), "Redis");
    }

    private void startS3(String endpoint) throws IOException {
        Path data = Files.createDirectories(dir.resolve("s3-data"));
        Path properties = dir.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n", "s3proxy.endpoint=" + endpoint, "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + TestS3.ACCESS_KEY, "s3proxy.credential=" + TestS3.SECRET_KEY,
                "jclouds.provider=filesystem-nio2", "jclouds.filesystem.basedir=" + data, ""));
        start("s3", "s3", Map.of(), List.of(java(), "-cp", System.getProperty("java.class.path"),
                "org.gaul.s3proxy.Main", "--properties", properties.toString()));
        // the bucket is made from the submitter's host: the test JVM is on none of these networks
        await(() -> {
            Process create = start("submit", "create-bucket", Map.of(), List.of(java(), "-cp", System.getProperty("java.class.path"),
                    CreateBucket.class.getName(), endpoint, BUCKET));
            return awaitExit(create, Duration.ofSeconds(60)) == 0 ? Optional.of(true) : sleepEmpty();
        }, Duration.ofMinutes(2), "S3Proxy and its bucket");
    }

    private Process vidfleet(String host, Map<String, String> env, String... args) {
        return vidfleet(host, host, env, args);
    }

    /** A vidfleet process on {@code host}, with a scratch directory no other process uses. */
    private Process vidfleet(String name, String host, Map<String, String> env, String... args) {
        Path scratch = privateDir(name);
        Map<String, String> all = new HashMap<>(env);
        all.put("VIDFLEET_SCRATCH", scratch.resolve("scratch").toString());
        List<String> command = new ArrayList<>(List.of(java(), "-Djava.io.tmpdir=" + scratch, "-cp",
                System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return start(host, name, all, command);
    }

    private String awaitWorker(Process worker, String name) {
        return await(() -> {
            if (!worker.isAlive()) {
                throw new AssertionError(name + " exited: " + log(name));
            }
            return match(WORKER_ID, log(name));
        }, Duration.ofMinutes(2), name + " serving");
    }

    private Process start(String host, String name, Map<String, String> env, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(host)));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(name + ".log").toFile()));
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            processes.add(process);
            return process;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + full, e);
        }
    }

    private Path privateCopy(String host, Path file) throws IOException {
        Path copy = privateDir(host).resolve(file.getFileName());
        if (!Files.exists(copy)) {
            Files.copy(file, copy);
        }
        return copy;
    }

    private Path privateDir(String name) {
        try {
            return Files.createDirectories(dir.resolve("host-" + name));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String log(String name) {
        try {
            Path file = dir.resolve(name + ".log");
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @AfterEach
    void tearDown() {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : processes) {
            awaitExit(process, Duration.ofSeconds(30));
        }
        for (String ns : namespaces) {
            runQuietly(List.of("ip", "netns", "del", ns));
        }
    }

    // ---- small helpers

    private static int awaitExit(Process process, Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static <T> T await(Supplier<Optional<T>> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            Cluster.sleep(200);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static <T> Optional<T> sleepEmpty() {
        Cluster.sleep(500);
        return Optional.empty();
    }

    private static Optional<String> match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + ": " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static void runQuietly(List<String> command) {
        try {
            run(command);
        } catch (RuntimeException ignored) {
            // already gone
        }
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
