package io.vidfleet.cli;

import io.vidfleet.cli.bench.TranscodeBench;
import io.vidfleet.cli.bench.TranscodeBenchSettings;
import io.vidfleet.cli.bench.TranscodeReport;
import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.profile.Profiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchQueueCommand.class, BenchQueueWorkerCommand.class},
        description = "Measure, side by side in one run, one plain ffmpeg against `vidfleet local` at each worker count "
                + "(alternating runs), with phases, quality, machine info, report.md, report.json and PNG charts in --out.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the bench ran; its report is in --out", "1:a run failed (the reason is printed)", "2:bad usage or input"})
final class BenchCommand implements Callable<Integer> {
    @ArgGroup(exclusive = true)
    SourceChoice choice = new SourceChoice();

    static final class SourceChoice {
        @Option(names = "--input", paramLabel = "FILE", description = "the video to transcode (default: a generated sample)")
        Path input;

        @ArgGroup(exclusive = false)
        Sample sample = new Sample();
    }

    static final class Sample {
        @Option(names = "--sample-seconds", paramLabel = "S", defaultValue = "60",
                description = "length of the generated sample (default: ${DEFAULT-VALUE})", converter = OptionRanges.SampleSeconds.class)
        double seconds = 60;

        @Option(names = "--sample-size", paramLabel = "WxH", defaultValue = "1920x1080",
                description = "frame size of the generated sample (default: ${DEFAULT-VALUE})")
        String size = "1920x1080";
    }

    @Option(names = "--profile", paramLabel = "P", defaultValue = "h264-720p", description = "encoding profile (default: ${DEFAULT-VALUE})")
    String profile;

    @Option(names = "--workers", paramLabel = "LIST", split = ",",
            description = "worker counts to run, e.g. 1,2,4 (default: the number of cores)", converter = OptionRanges.Slots.class)
    List<Integer> workers;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1", description = "encoder threads per worker (default: ${DEFAULT-VALUE})", converter = OptionRanges.Threads.class)
    int threads;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "3", description = "runs of each configuration (default: ${DEFAULT-VALUE})", converter = OptionRanges.Runs.class)
    int runs;

    @Option(names = "--out", paramLabel = "DIR", description = "where the report goes (default: bench-results/DATE)")
    Path out;

    @Option(names = "--redis", paramLabel = "URL", description = "a Redis to use (default: a private one the bench starts)")
    String redis;

    @Option(names = "--baseline-jar", paramLabel = "JAR",
            description = "also run `local` from this (older) vidfleet jar, alternating with this build, for before/after ratios")
    Path baselineJar;

    @Option(names = "--no-quality", description = "skip the PSNR/SSIM comparison (it decodes every output)")
    boolean noQuality;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        TranscodeBenchSettings settings = settings();
        TranscodeReport report = new TranscodeBench(settings, spec.commandLine().getErr()).run();
        var stdout = spec.commandLine().getOut();
        stdout.println(settings.out().resolve("report.md"));
        stdout.flush();
        return report.rows().isEmpty() ? ExitCodes.FAILED : ExitCodes.OK;
    }

    private TranscodeBenchSettings settings() {
        Profiles.named(profile);
        List<Integer> counts = workers == null ? List.of(Runtime.getRuntime().availableProcessors()) : workers;
        if (counts.isEmpty() || counts.stream().anyMatch(w -> w < 1 || w > 256)) {
            throw new BadInputException("--workers must list counts from 1 to 256, got " + counts);
        }
        if (threads < 1 || threads > 64) {
            throw new BadInputException("--threads must be from 1 to 64, got " + threads);
        }
        if (runs < 1 || runs > 100) {
            throw new BadInputException("--runs must be from 1 to 100, got " + runs);
        }
        if (baselineJar != null && !Files.isRegularFile(baselineJar)) {
            throw new BadInputException("--baseline-jar does not exist: " + baselineJar);
        }
        Path input = choice == null ? null : choice.input;
        if (input != null && !Files.isRegularFile(input)) {
            throw new BadInputException("--input does not exist: " + input);
        }
        Sample sample = choice != null && choice.sample != null ? choice.sample : new Sample();
        double seconds = sample.seconds;
        if (!(seconds >= 1 && seconds <= 3600)) {
            throw new BadInputException("--sample-seconds must be from 1 to 3600, got " + seconds);
        }
        int[] size = SampleSize.parse(sample.size);
        Path dir = out != null ? out : Path.of("bench-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return new TranscodeBenchSettings(input == null ? null : input.toAbsolutePath(), seconds, size[0], size[1], profile,
                List.copyOf(counts), threads, runs, dir.toAbsolutePath(), redis, baselineJar == null ? null : baselineJar.toAbsolutePath(),
                !noQuality);
    }
}
