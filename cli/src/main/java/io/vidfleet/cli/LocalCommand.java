package io.vidfleet.cli;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.VidfleetException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.SampleVideo;
import io.vidfleet.common.media.SidePass;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.common.redis.RedisSecurity;
import io.vidfleet.common.storage.SharedDirectoryStorage;
import io.vidfleet.common.store.JobStore;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.coordinator.CoordinatorSettings;
import io.vidfleet.coordinator.InputProbe;
import io.vidfleet.coordinator.JobSubmitter;
import io.vidfleet.coordinator.OutputPolicy;
import io.vidfleet.coordinator.SubmittedJob;
import io.vidfleet.worker.EncoderCheck;
import io.vidfleet.worker.QueueCapabilities;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "local", mixinStandardHelpOptions = true,
        description = "Run a whole cluster on this machine for one job: a private Redis (unless --redis), "
                + "a coordinator and N workers (in this JVM, each with its own Redis connections and lease keeper); "
                + "prints a summary and the output path, then shuts down.")
final class LocalCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "INPUT", description = "the video (or use --sample)")
    Path input;

    @Option(names = "--sample", paramLabel = "SECONDS", converter = OptionRanges.SampleSeconds.class, description = "make a sample video of this length and use it")
    Double sampleSeconds;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", converter = OptionRanges.Slots.class, description = "workers, one task at a time each (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0", converter = OptionRanges.Threads.class, description = "encoder threads per worker (default: cores / workers)")
    int threads;

    @Option(names = "--redis", paramLabel = "URL", description = "use this Redis instead of a private one")
    String redisUrl;

    @Option(names = "--key-prefix", paramLabel = "PREFIX", defaultValue = "${VIDFLEET_KEY_PREFIX:-vf}",
            description = "prefix of every Redis key (default: $VIDFLEET_KEY_PREFIX, else ${DEFAULT-VALUE})")
    String keyPrefix;

    @Mixin
    StorageOption storageOption;

    @Mixin
    JobOptions job;

    @Mixin
    EvictionOption eviction;

    @Spec
    CommandSpec spec;

    /** A probe {@link Main} started before parsing, of the file the command line seemed to name; or null. */
    private final InputProbe.Ahead early;

    LocalCommand() {
        this(null);
    }

    LocalCommand(InputProbe.Ahead early) {
        this.early = early;
    }

    /**
     * A probe of the file {@code local FILE ...} names, started before picocli parses: FILE must be the first
     * argument after {@code local} and a regular file. A guess the parsed INPUT does not confirm goes unused (the
     * caller closes it); null when the arguments do not look so.
     */
    static InputProbe.Ahead probeAhead(String[] args) {
        if (args.length < 2 || !args[0].equals("local") || args[1].startsWith("-")) {
            return null;
        }
        try {
            Path file = Path.of(args[1]);
            return Files.isRegularFile(file) ? InputProbe.ahead(file) : null;
        } catch (InvalidPathException | VidfleetException e) {
            return null; // no path, or a bad limit in the environment: the command reports it, as the user's error
        }
    }

    @Override
    public Integer call() throws Exception {
        // the probe needs only the file: it runs while the encoders are tried and the cluster starts, not after
        boolean probes = input != null && sampleSeconds == null;
        boolean earlyFits = probes && early != null && early.input().equals(input);
        try (InputProbe.Ahead probe = earlyFits ? early : probes ? InputProbe.ahead(input) : null) {
            return run(probe);
        }
    }

    private int run(InputProbe.Ahead probe) throws Exception {
        requireOneInput();
        // the encoders are tried while Redis starts and the store connects, which leave nothing behind; their
        // verdict is awaited before anything that does (the storage directory, a sample, the workers)
        SidePass<Void> encoders = SidePass.start("encoder-check", () -> {
            refuseProfileThisHostCannotEncode();
            return null;
        });
        try {
            return run(probe, encoders);
        } finally {
            encoders.settle();
        }
    }

    private int run(InputProbe.Ahead probe, SidePass<Void> encoders) throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (LocalRedisServer privateRedis = redisUrl == null ? LocalRedisServer.started(false) : null) {
            String url = redisUrl != null ? redisUrl : privateRedis.url();
            JobStore store = eviction.checked(JobStore.connect(url, RedisSecurity.fromEnvironment(System.getenv()),
                    new RedisKeys(keyPrefix), 3)); // three blocking waits: stitch signals, webhooks, this command's job
            encoders.join();
            SharedDirectoryStorage storage = storageOption.openDirectory("local");
            var request = job.request(source(storage));
            long started = System.nanoTime();
            int perWorker = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
            Files.createDirectories(storage.root().resolve("logs"));
            try (LocalWorkers pool = LocalWorkers.start(workers, url, store.keys(), storage, Profiles.named(job.profile).queue(),
                    perWorker, storage.root().resolve("logs/workers.log"));
                 // one user runs the whole cluster: the output goes wherever they name it
                 Coordinator coordinator = new Coordinator(store, storage, CoordinatorSettings.defaults(), OutputPolicy.unconfined())) {
                // Ctrl-C runs shutdown hooks, not finally blocks: stop the workers and Redis there too
                Thread cleanup = new Thread(() -> {
                    pool.close();
                    if (privateRedis != null) {
                        privateRedis.close();
                    }
                }, "local-cleanup");
                Runtime.getRuntime().addShutdownHook(cleanup);
                coordinator.start();
                JobSubmitter submitter = new JobSubmitter(store, storage, OutputPolicy.unconfined());
                SubmittedJob submitted = (job.chunkLengthGiven() ? submitter.withParallelism(workers)
                        : submitter.withFixedPool(workers)).withProbeAhead(probe).submit(request);
                err.printf("job %s: %d chunks (%d frames, %d cut between keyframes), %d workers%n", submitted.jobId(),
                        submitted.chunks(), submitted.frames(), submitted.midGopCuts(), workers);
                JobRecord finished = new JobWaiter(store, err).await(submitted.jobId());
                // the result is printed before the workers, the coordinator and Redis are stopped
                summarize(finished, store.tasks(finished.id()), store.notes(finished.id()),
                        Duration.ofNanos(System.nanoTime() - started), coordinator, out, err);
                Runtime.getRuntime().removeShutdownHook(cleanup);
                return JobWaiter.exitCode(finished);
            }
        }
    }

    /** The local workers would refuse the profile's queue (an NVENC profile without a GPU): say so before any work. */
    private void refuseProfileThisHostCannotEncode() {
        QueueCapabilities capabilities = new EncoderCheck(Ffmpeg.get(), EncoderCheck.DEFAULT_TIME_LIMIT)
                .check(List.of(Profiles.named(job.profile).queue()));
        if (capabilities.served().isEmpty()) {
            throw new BadInputException("profile " + job.profile + " cannot run on this machine: " + capabilities.refusals());
        }
    }

    private void requireOneInput() {
        if (input != null && sampleSeconds != null) {
            throw new BadInputException("give either INPUT or --sample, not both");
        }
        if (input == null && sampleSeconds == null) {
            throw new BadInputException("missing INPUT (or use --sample SECONDS to make one)");
        }
    }

    private Path source(SharedDirectoryStorage storage) {
        if (input != null) {
            return input;
        }
        Path sample = storage.root().resolve("samples/sample-" + Math.round(sampleSeconds) + "s.mp4");
        if (!Files.exists(sample)) {
            spec.commandLine().getErr().println("making a " + Math.round(sampleSeconds) + " s sample video: " + sample);
            Path scratch = sample.resolveSibling(".partial-" + sample.getFileName());
            try {
                Files.createDirectories(sample.getParent());
                SampleVideo.standard(sampleSeconds).withSize(1280, 720).writeTo(Ffmpeg.get(), scratch);
                Files.move(scratch, sample);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return sample;
    }

    private static void summarize(JobRecord job, List<TaskRecord> tasks, List<String> notes, Duration wall,
                                  Coordinator coordinator, PrintWriter out, PrintWriter err) {
        Map<String, Integer> byWorker = new TreeMap<>();
        tasks.forEach(t -> byWorker.merge(t.worker() == null ? "-" : t.worker(), 1, Integer::sum));
        err.printf("job %s %s in %.1f s: %d tasks, by worker %s%n", job.id(), job.state().wire(),
                wall.toMillis() / 1000.0, tasks.size(), byWorker);
        notes.forEach(note -> err.println("note: " + note)); // what was done differently (chunks merged, ...), and why
        if (job.state() == JobState.DONE) {
            out.println(coordinator.outputPath(job));
        } else {
            err.println("vidfleet: job " + job.id() + " " + job.state().wire() + (job.reason() == null ? "" : ": " + job.reason()));
        }
        out.flush();
        err.flush();
    }
}
