package io.vidfleet.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.vidfleet.common.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The same no-op workload through BullMQ (npm), against the same Redis in the same run: jobs added in
 * bulk, then one Node.js worker of the given concurrency processes them with an empty processor. BullMQ
 * is installed with npm at run time into a folder outside the repository.
 */
final class BullmqPeer {
    /** The BullMQ version compared against (pinned: a report names what it measured). */
    static final String VERSION = "5.81.5";

    private static final String SCRIPT = """
            import { Queue, Worker } from 'bullmq';
            import IORedis from 'ioredis';
            const [host, port, tasks, concurrency, name, warmUp] = process.argv.slice(2);
            const connection = { host, port: Number(port), maxRetriesPerRequest: null };
            // Redis's CPU time (µs), commands and script calls so far, on a connection of its own (one INFO each end)
            const probe = new IORedis(connection);
            async function redisUsage() {
              const info = await probe.info('cpu', 'commandstats');
              const number = (key) => Number((info.match(new RegExp('^' + key + ':([0-9.]+)', 'm')) || [0, 0])[1]);
              let commands = 0; let scripts = 0;
              for (const m of info.matchAll(/^cmdstat_([a-z|]+):calls=([0-9]+)/gm)) {
                commands += Number(m[2]);
                if (m[1] === 'evalsha' || m[1] === 'eval') scripts += Number(m[2]);
              }
              return { cpuMicros: Math.round((number('used_cpu_sys') + number('used_cpu_user')) * 1e6), commands, scripts };
            }
            // adds n no-op jobs, then processes them; returns when the worker took the first and when it finished the
            // last, and between the two this process's CPU time (µs) and Redis's usage
            async function runJobs(queueName, n) {
              const queue = new Queue(queueName, { connection });
              await queue.obliterate({ force: true }).catch(() => {});
              for (let i = 0; i < n; i += 1000) {
                const batch = [];
                for (let j = i; j < Math.min(n, i + 1000); j++) batch.push({ name: 'noop', data: { i: j } });
                await queue.addBulk(batch);
              }
              let done = 0; let first = 0; let last = 0; let cpuAtFirst = null; let cpu = null;
              let redisAtFirst = null; let redisAtLast = null;
              const finished = new Promise((resolve) => {
                const worker = new Worker(queueName, async () => {
                  if (!first) { first = Date.now(); cpuAtFirst = process.cpuUsage(); redisAtFirst = redisUsage(); }
                }, { connection, concurrency: Number(concurrency), autorun: false });
                worker.on('completed', () => {
                  done++;
                  if (done === n) { last = Date.now(); cpu = process.cpuUsage(cpuAtFirst); redisAtLast = redisUsage(); resolve(worker); }
                });
                worker.run();
              });
              const started = Date.now();
              const worker = await finished;
              const [before, after] = [await redisAtFirst, await redisAtLast];
              await worker.close();
              await queue.obliterate({ force: true }).catch(() => {});
              await queue.close();
              return { millis: last - started, firstMillis: first - started, cpuMicros: cpu.user + cpu.system,
                redisCpuMicros: after.cpuMicros - before.cpuMicros, redisCommands: after.commands - before.commands - 1,
                redisScriptCalls: after.scripts - before.scripts };
            }
            const warm = Number(warmUp);
            if (warm > 0) await runJobs(name + '-warm', warm); // V8 compiles the path first, as the JVM rows' warm-up does
            console.log('warmed'); // the bench says go: nothing else of its own runs meanwhile
            await new Promise((resolve) => process.stdin.once('data', resolve));
            const measured = await runJobs(name, Number(tasks));
            console.log(JSON.stringify({ tasks: Number(tasks), warmUpTasks: warm, ...measured }));
            probe.disconnect();
            process.exit(0);
            """;

    private final Path dir;
    private final String searchPath;
    private String unavailable;

    BullmqPeer(Path dir) {
        this(dir, System.getenv("PATH"));
    }

    /** @param searchPath where to look for node and npm (the PATH) */
    BullmqPeer(Path dir, String searchPath) {
        this.dir = dir;
        this.searchPath = searchPath;
    }

    /** Installs BullMQ when Node.js and npm exist; empty when ready, else why not. */
    Optional<String> prepare() {
        if (!onPath("node", searchPath) || !onPath("npm", searchPath)) {
            unavailable = "Node.js (node and npm) not found: the BullMQ rows are skipped";
            return Optional.of(unavailable);
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("package.json"), "{\"name\":\"vidfleet-bench-bullmq\",\"private\":true,\"type\":\"module\"}\n");
            Files.writeString(dir.resolve("bench.mjs"), SCRIPT);
            if (!Files.isDirectory(dir.resolve("node_modules/bullmq"))
                    || !Files.readString(dir.resolve("node_modules/bullmq/package.json")).contains("\"version\": \"" + VERSION + "\"")) {
                int exit = run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", "bullmq@" + VERSION), 600).exit;
                if (exit != 0) {
                    unavailable = "npm install bullmq@" + VERSION + " failed (exit " + exit + "): the BullMQ rows are skipped";
                    return Optional.of(unavailable);
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            unavailable = "cannot prepare BullMQ in " + dir + ": " + e.getMessage();
            return Optional.of(unavailable);
        }
    }

    /**
     * A measured run: jobs per second from the first job taken to the last done, and meanwhile Node.js's CPU time (µs),
     * Redis's CPU time (µs), the commands Redis ran (those inside scripts included) and the script calls.
     */
    record Measured(double jobsPerSecond, long cpuMicros, long redisCpuMicros, long redisCommands, long redisScriptCalls) {
    }

    /** Runs {@code tasks} no-op jobs at {@code concurrency}, after {@code warmUp} of their own. */
    Measured run(String redisUrl, int tasks, int concurrency, String queueName, int warmUp) throws IOException {
        URI uri = URI.create(redisUrl);
        Process node = new ProcessBuilder("node", dir.resolve("bench.mjs").toString(), uri.getHost(), Integer.toString(uri.getPort()),
                Integer.toString(tasks), Integer.toString(concurrency), queueName, Integer.toString(warmUp))
                .directory(dir.toFile()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null && !line.equals("warmed")) {
                seen.append(line).append('\n');
            }
            if (line == null) {
                throw new IOException("BullMQ run failed before its measured jobs: " + seen.toString().strip());
            }
            node.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            node.getOutputStream().flush();
            String last = "{}";
            while ((line = out.readLine()) != null) {
                seen.append(line).append('\n');
                last = line;
            }
            if (waitFor(node) != 0) {
                throw new IOException("BullMQ run failed (exit " + node.exitValue() + "): " + seen.toString().strip());
            }
            JsonNode result = Json.tree(last);
            return new Measured(tasks * 1000.0 / Math.max(1, result.path("millis").asLong() - result.path("firstMillis").asLong()),
                    result.path("cpuMicros").asLong(-1), result.path("redisCpuMicros").asLong(-1),
                    result.path("redisCommands").asLong(-1), result.path("redisScriptCalls").asLong(-1));
        } finally {
            node.destroyForcibly();
        }
    }

    private static int waitFor(Process process) throws IOException {
        try {
            return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private record Outcome(int exit, String output) {
    }

    private Outcome run(List<String> command, long timeoutSeconds) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Outcome(-1, "timed out");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome(-1, "interrupted");
        }
        return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static boolean onPath(String name, String path) {
        if (path == null) {
            return false;
        }
        List<Path> dirs = new ArrayList<>();
        for (String d : path.split(java.io.File.pathSeparator)) {
            dirs.add(Path.of(d));
        }
        return dirs.stream().anyMatch(d -> Files.isExecutable(d.resolve(name)));
    }
}
