package io.vidfleet.cli.bench;

import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine a benchmark ran on, so that tables from different machines are never mixed up. */
public record MachineInfo(int cores, String cpuModel, long memoryBytes, String os, String java, String ffmpeg,
                          double loadAverageAtStart) {

    public static MachineInfo detect() {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), detectCpuModel(), detectMemoryBytes(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"), ffmpegVersion(), loadAverage());
    }

    /** One line for a report header. */
    public String describe() {
        return String.format(Locale.ROOT, "%d cores, %s, %.1f GiB RAM, %s, %s, %s; load average %.2f at start",
                cores, cpuModel, memoryBytes / (1024.0 * 1024 * 1024), os, java, ffmpeg, loadAverageAtStart);
    }

    /** True when other work competed for the CPU (load above the core count): timings are noisy. */
    public boolean loaded() {
        return loadAverageAtStart > cores;
    }

    static double loadAverage() {
        List<String> lines = read("/proc/loadavg");
        if (lines.isEmpty()) {
            return -1;
        }
        try {
            return Double.parseDouble(lines.get(0).split("\\s+")[0]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String detectCpuModel() {
        return read("/proc/cpuinfo").stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(System.getProperty("os.arch"));
    }

    private static long detectMemoryBytes() {
        return read("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")) * 1024).orElse(Runtime.getRuntime().maxMemory());
    }

    private static String ffmpegVersion() {
        Ffmpeg ffmpeg = Ffmpeg.get();
        ProcessResult result = ffmpeg.run(List.of(ffmpeg.ffmpegPath().toString(), "-version"));
        String first = result.stdout().lines().findFirst().orElse("ffmpeg");
        String[] words = first.split("\\s+");
        return words.length >= 3 ? "FFmpeg " + words[2] : first;
    }

    private static List<String> read(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
