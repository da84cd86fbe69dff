package io.vidfleet.worker;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.media.ProcessRunner;
import io.vidfleet.common.profile.Profile;
import io.vidfleet.common.profile.Profiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Which of a worker's queues this host can really serve. Every profile on a queue must encode one test
 * frame with its own settings within a time limit; a queue with a profile that cannot (NVENC without an
 * NVIDIA GPU and driver, say) is refused, so the worker never claims a task it could only fail. The host
 * does not change while a JVM runs, so each distinct encoder setting is tried once per JVM.
 */
public final class EncoderCheck {
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(30);
    private static final Map<List<String>, Optional<String>> TRIED = new ConcurrentHashMap<>();

    private final Ffmpeg ffmpeg;
    private final Duration timeLimit;

    public EncoderCheck(Ffmpeg ffmpeg, Duration timeLimit) {
        this.ffmpeg = ffmpeg;
        this.timeLimit = timeLimit;
    }

    /** Tries every profile of the given queues (in parallel) and sorts the queues into served and refused. */
    public QueueCapabilities check(List<String> queues) {
        // by name: a record's generated hashCode builds its method handles at the first call, start-up CPU
        Map<String, CompletableFuture<Optional<String>>> trials = new LinkedHashMap<>();
        for (String queue : queues) {
            for (Profile profile : Profiles.onQueue(queue)) {
                trials.put(profile.name(), CompletableFuture.supplyAsync(() -> failure(profile)));
            }
        }
        List<String> served = new ArrayList<>();
        Map<String, String> refused = new LinkedHashMap<>();
        for (String queue : queues) {
            Optional<String> why = Profiles.onQueue(queue).stream()
                    .map(profile -> trials.get(profile.name()).join().map(reason -> profile.encoder() + " cannot encode on this host ("
                            + reason + ")" + hint(profile)))
                    .flatMap(Optional::stream).findFirst();
            if (why.isPresent()) {
                refused.put(queue, why.get());
            } else {
                served.add(queue);
            }
        }
        return new QueueCapabilities(served, refused);
    }

    /** Why the profile cannot encode a test frame here, or empty when it can. */
    private Optional<String> failure(Profile profile) {
        List<String> command = testEncode(profile);
        return TRIED.computeIfAbsent(command, this::run);
    }

    private List<String> testEncode(Profile profile) {
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", "color=c=black:s=320x240:r=25",
                "-frames:v", "1", "-vf", profile.scaleFilter()));
        args.addAll(profile.videoArgs(1));
        args.addAll(List.of("-f", "null", "-"));
        return ffmpeg.ffmpeg(args.toArray(String[]::new));
    }

    private Optional<String> run(List<String> command) {
        ProcessRunner runner = ffmpeg.runner(command);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "encoder-check-timer");
            thread.setDaemon(true);
            return thread;
        });
        try {
            ScheduledFuture<?> limit = timer.schedule(() -> runner.kill("no result within " + timeLimit.toSeconds() + " s"),
                    timeLimit.toMillis(), TimeUnit.MILLISECONDS);
            ProcessResult result = runner.run(timeLimit);
            limit.cancel(false);
            if (result.ok()) {
                return Optional.empty();
            }
            return Optional.of(result.killed() ? result.killReason() : firstLine(result));
        } finally {
            timer.shutdownNow();
        }
    }

    /** FFmpeg's first complaint is the cause ("Cannot load libcuda.so.1"); later lines are its consequences. */
    private static String firstLine(ProcessResult result) {
        for (String line : result.stderrTail().split("\n")) {
            String text = line.replaceAll("^(\\[[^\\]]*\\]\\s*)+", "").strip();
            if (!text.isEmpty()) {
                return text;
            }
        }
        return "exit code " + result.exitCode();
    }

    private static String hint(Profile profile) {
        return profile.encoder().endsWith("_nvenc") ? "; it needs an NVIDIA GPU with this encoder and the driver's libcuda.so.1" : "";
    }
}
