package io.vidfleet.cli.bench;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.MediaInfo;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.SampleVideo;
import io.vidfleet.common.profile.Profile;
import io.vidfleet.common.profile.Profiles;
import io.vidfleet.common.redis.LocalRedisServer;
import io.vidfleet.common.redis.RedisConnector;
import io.vidfleet.common.redis.RedisKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import redis.clients.jedis.UnifiedJedis;

/**
 * {@code vidfleet bench}: one plain ffmpeg against {@code vidfleet local} at each worker count, runs
 * alternating so that a machine's changing load hits both alike; then the outputs' frames, quality and
 * audio, the phases of every vidfleet run from its job's log, and charts.
 */
public final class TranscodeBench {
    private final TranscodeBenchSettings settings;
    private final PrintWriter progress;
    private final Ffmpeg ffmpeg = Ffmpeg.get();

    public TranscodeBench(TranscodeBenchSettings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public TranscodeReport run() {
        Profile profile = Profiles.named(settings.profile());
        String startedAt = Instant.now().toString();
        MachineInfo machine = MachineInfo.detect();
        say("machine: %s", machine.describe());
        Path source = source();
        MediaInfo media = new MediaProbe(ffmpeg).probeVideo(source);
        try (LocalRedisServer privateRedis = settings.redisUrl() == null ? LocalRedisServer.started(false) : null) {
            String url = settings.redisUrl() != null ? settings.redisUrl() : privateRedis.url();
            UnifiedJedis redis = RedisConnector.open(url);
            RedisKeys keys = new RedisKeys();
            List<String> thisBuild = FleetLauncher.thisBuild(settings.out().resolve("this-build.jsa"));
            List<FleetLauncher> builds = new ArrayList<>(List.of(new FleetLauncher(thisBuild, "this build", redis, keys)));
            if (settings.baselineJar() != null) {
                builds.add(new FleetLauncher(FleetLauncher.jar(settings.baselineJar(), settings.out().resolve("baseline.jsa")),
                        "baseline " + settings.baselineJar().getFileName(), redis, keys));
            }
            List<Long> single = new ArrayList<>();
            List<Long> singleCpu = new ArrayList<>();
            List<FleetRun> runs = new ArrayList<>();
            SingleFfmpeg one = new SingleFfmpeg(ffmpeg);
            Path storage = settings.out().resolve("storage");
            for (int r = 1; r <= settings.runs(); r++) {
                Path singleOut = settings.out().resolve("single-r" + r + ".mp4");
                long cpuBefore = ChildCpu.millis();
                long millis = one.run(source, profile, media.hasAudio(), singleOut);
                single.add(millis);
                singleCpu.add(ChildCpu.since(cpuBefore));
                say("run %d: one ffmpeg %.2f s%s", r, millis / 1000.0, cpuNote(singleCpu.get(r - 1)));
                for (int workers : settings.workers()) {
                    for (FleetLauncher build : builds) {
                        String tag = builds.indexOf(build) == 0 ? "" : "-baseline";
                        Path output = settings.out().resolve("vidfleet-w" + workers + tag + "-r" + r + ".mp4");
                        FleetRun run = build.run(source, profile.name(), workers, settings.threads(), url, storage, output, r,
                                settings.out().resolve("logs/vidfleet-w" + workers + tag + "-r" + r + ".log"));
                        runs.add(run);
                        say("run %d: vidfleet %d worker(s) (%s) %.2f s (result at %.2f s)%s, ratio %.3f", r, workers,
                                build.build(), run.wallMillis() / 1000.0, run.resultMillis() / 1000.0, cpuNote(run.cpuMillis()),
                                (double) run.wallMillis() / millis);
                    }
                }
            }
            double singleMedian = Stats.median(single);
            List<FleetSummary> rows = summarize(single, runs, builds);
            List<Quality> quality = settings.quality() ? quality(source, rows) : List.of();
            cleanUp();
            TranscodeReport report = new TranscodeReport(startedAt, machine, settingsMap(source), sourceMap(media),
                    single, singleMedian, singleCpu, Stats.median(singleCpu), rows, runs, quality, new ArrayList<>(), notes(machine));
            report.charts().addAll(new BenchCharts(settings.out()).transcode(report));
            new TranscodeReportWriter(settings.out()).write(report);
            return report;
        }
    }

    private List<FleetSummary> summarize(List<Long> single, List<FleetRun> runs, List<FleetLauncher> builds) {
        double singleMedian = Stats.median(single);
        List<FleetSummary> rows = new ArrayList<>();
        for (FleetLauncher build : builds) {
            for (int workers : settings.workers()) {
                List<FleetRun> mine = runs.stream().filter(r -> r.workers() == workers && r.build().equals(build.build())).toList();
                List<Long> walls = mine.stream().map(FleetRun::wallMillis).toList();
                List<Double> pairs = mine.stream().map(r -> Stats.round3((double) r.wallMillis() / single.get(r.run() - 1))).toList();
                Map<String, Double> phases = new LinkedHashMap<>();
                for (String phase : mine.get(0).phases().asMap().keySet()) {
                    phases.put(phase, Stats.median(mine.stream().map(r -> r.phases().asMap().get(phase)).toList()));
                }
                double serial = Stats.median(mine.stream().map(r -> r.phases().serial()).toList());
                double work = Stats.median(mine.stream().map(FleetRun::workMillis).toList());
                double wall = Stats.median(walls);
                rows.add(new FleetSummary(workers, build.build(), walls, wall,
                        Stats.median(mine.stream().map(FleetRun::resultMillis).toList()),
                        Stats.median(mine.stream().map(FleetRun::cpuMillis).toList()), Stats.round3(wall / singleMedian),
                        pairs, phases, serial, Stats.round3(serial / singleMedian), work,
                        Amdahl.ceilings(singleMedian, serial, work), mine.stream().map(FleetRun::endSpreadMillis).toList()));
            }
        }
        return rows;
    }

    /** Quality of the first run's outputs of this build, per worker count. */
    private List<Quality> quality(Path source, List<FleetSummary> rows) {
        QualityMeter meter = new QualityMeter(ffmpeg);
        List<Quality> quality = new ArrayList<>();
        for (FleetSummary row : rows) {
            if (!row.build().equals("this build")) {
                continue;
            }
            say("quality: %d worker(s) against the single pass and the source", row.workers());
            quality.add(meter.measure(row.workers(), source, settings.out().resolve("single-r1.mp4"),
                    settings.out().resolve("vidfleet-w" + row.workers() + "-r1.mp4")));
        }
        return quality;
    }

    /** Keeps the first run's outputs (the ones compared) and the source; deletes the rest and the storage. */
    private void cleanUp() {
        try (var files = Files.list(settings.out())) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".mp4") && name.matches(".*-r\\d+\\.mp4") && !name.endsWith("-r1.mp4")) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path source() {
        if (settings.input() != null) {
            if (!Files.isRegularFile(settings.input())) {
                throw new BadInputException("input does not exist: " + settings.input());
            }
            return settings.input();
        }
        Path sample = settings.out().resolve(String.format(Locale.ROOT, "sample-%ss-%dx%d.mp4",
                trim(settings.sampleSeconds()), settings.width(), settings.height()));
        if (!Files.exists(sample)) {
            say("making a %s s %dx%d sample: %s", trim(settings.sampleSeconds()), settings.width(), settings.height(), sample);
            Path scratch = sample.resolveSibling(".partial-" + sample.getFileName());
            SampleVideo.standard(settings.sampleSeconds()).withSize(settings.width(), settings.height()).writeTo(ffmpeg, scratch);
            try {
                Files.move(scratch, sample);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sample;
    }

    private Map<String, Object> settingsMap(Path source) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("input", source.toString());
        map.put("profile", settings.profile());
        map.put("workers", settings.workers());
        map.put("threadsPerWorker", settings.threads());
        map.put("runs", settings.runs());
        map.put("redis", settings.redisUrl() == null ? "private (started by the bench)" : "given");
        return map;
    }

    private static Map<String, Object> sourceMap(MediaInfo media) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("file", media.path().getFileName().toString());
        map.put("frames", media.frameCount());
        map.put("seconds", Stats.round3(media.durationSeconds()));
        map.put("audio", media.hasAudio());
        return map;
    }

    private List<String> notes(MachineInfo machine) {
        List<String> notes = new ArrayList<>();
        notes.add("Runs alternate (one ffmpeg, then vidfleet at each worker count) so that load changes hit both alike.");
        notes.add("vidfleet times are from the `vidfleet local` command's start (a new JVM) to its exit; its Redis "
                + "is the bench's, so a private Redis's start-up (tens of ms) is not counted.");
        if (machine.loaded()) {
            notes.add(String.format(Locale.ROOT, "The machine was loaded (load average %.1f on %d cores at the start): "
                    + "absolute times are noisy; compare the ratios measured side by side.", machine.loadAverageAtStart(), machine.cores()));
        }
        return notes;
    }

    private static String cpuNote(long cpuMillis) {
        return cpuMillis < 0 ? "" : String.format(Locale.ROOT, ", CPU %.1f s", cpuMillis / 1000.0);
    }

    private static String trim(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    private void say(String format, Object... args) {
        progress.printf(Locale.ROOT, format + "%n", args);
        progress.flush();
    }
}
