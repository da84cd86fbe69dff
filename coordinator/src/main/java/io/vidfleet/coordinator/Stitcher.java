package io.vidfleet.coordinator;

import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.TaskKind;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.InputPolicy;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.media.TimeLimits;
import java.time.Duration;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.storage.ChunkStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Joins a job's chunks without re-encoding (FFmpeg's concat demuxer, each chunk given its exact
 * duration so variable frame rates survive), muxes the audio encoded once, copies the source's
 * metadata (language tags, titles) and rotation, verifies the result and only then renames it into
 * the output's place. A failed or interrupted stitch leaves no partial file at the output path.
 */
final class Stitcher {
    private final ChunkStorage storage;
    private final Ffmpeg ffmpeg;
    private final OutputVerifier verifier;

    Stitcher(ChunkStorage storage, Ffmpeg ffmpeg) {
        this.storage = storage;
        this.ffmpeg = ffmpeg;
        this.verifier = new OutputVerifier(new MediaProbe(ffmpeg));
    }

    /**
     * Stitches and verifies; returns the problem if the output is wrong (nothing is left at the output
     * then). {@code stitched} runs between the join and the verification.
     */
    Optional<String> stitch(JobRecord job, List<TaskRecord> tasks, Path output, boolean overwrite, Runnable stitched) {
        List<TaskRecord> video = tasks.stream().filter(t -> t.spec().kind() == TaskKind.VIDEO)
                .sorted(Comparator.comparingInt(t -> t.spec().chunk().index())).toList();
        Path list = writeConcatList(job.id(), video);
        Path scratch = output.resolveSibling(".partial-" + job.id() + "-" + output.getFileName());
        try {
            Files.createDirectories(output.toAbsolutePath().getParent());
            Duration limit = TimeLimits.copy(job.source().videoSeconds(), bytes(job.id(), video) + Files.size(storage.localPath(job.input())));
            ProcessResult result = ffmpeg.run(command(job, tasks, list, scratch, OutputFormat.of(output)), limit);
            if (!result.ok()) {
                throw new MediaException("stitch failed: " + (result.killed() ? result.killReason() : result.lastErrorLine()), true);
            }
            stitched.run();
            List<ChunkSpec> chunks = video.stream().map(t -> t.spec().chunk()).toList();
            List<Integer> frames = video.stream().map(TaskRecord::resultFrames).toList();
            Optional<String> problem = verifier.verify(scratch, job.source(), chunks, frames);
            if (problem.isPresent()) {
                return problem;
            }
            if (overwrite) {
                Files.move(scratch, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                publishNew(scratch, output);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the stitched file to " + output, e);
        } finally {
            deleteQuietly(scratch);
        }
    }

    /** The bytes of the chunks' results (for the stitch's time limit). */
    private long bytes(String jobId, List<TaskRecord> video) {
        long total = 0;
        for (TaskRecord task : video) {
            try {
                total += Files.size(resultPath(jobId, task));
            } catch (IOException | RuntimeException e) {
                // a missing result fails the stitch itself, with its own message
            }
        }
        return total;
    }

    private List<String> command(JobRecord job, List<TaskRecord> tasks, Path list, Path scratch, OutputFormat format) {
        List<String> args = new ArrayList<>(List.of("-f", "concat", "-safe", "0"));
        if (job.source().rotation() != 0) {
            args.addAll(List.of("-display_rotation:v:0", format(job.source().rotation())));
        }
        args.addAll(List.of("-i", list.toString()));
        Optional<Path> audio = tasks.stream().filter(t -> t.spec().kind() == TaskKind.AUDIO).findFirst()
                .map(t -> resultPath(job.id(), t));
        audio.ifPresent(a -> args.addAll(List.of("-i", a.toString())));
        int metadataInput = audio.isPresent() ? 2 : 1;
        args.addAll(InputPolicy.inputOptions()); // the source is read for its metadata only, under the same policy
        args.addAll(List.of("-i", InputPolicy.url(storage.localPath(job.input())), "-map", "0:v:0"));
        audio.ifPresent(a -> args.addAll(List.of("-map", "1:a:0")));
        args.addAll(List.of("-c", "copy", "-map_metadata", Integer.toString(metadataInput),
                "-map_metadata:s:v:0", metadataInput + ":s:v:0"));
        if (audio.isPresent()) {
            Integer stream = tasks.stream().filter(t -> t.spec().kind() == TaskKind.AUDIO).findFirst()
                    .map(t -> t.spec().audioStream()).orElse(null);
            args.addAll(List.of("-map_metadata:s:a:0", metadataInput + (stream == null ? ":s:a:0" : ":s:" + stream)));
        }
        if (format.faststart()) {
            args.addAll(List.of("-movflags", "+faststart"));
        }
        args.addAll(List.of("-f", format.muxer(), scratch.toString()));
        return ffmpeg.ffmpeg(args.toArray(String[]::new));
    }

    private Path writeConcatList(String jobId, List<TaskRecord> video) {
        StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
        for (TaskRecord task : video) {
            String path = resultPath(jobId, task).toString().replace("'", "'\\''");
            list.append("file '").append(path).append("'\n");
            list.append("duration ").append(format(task.spec().chunk().durationSeconds())).append('\n');
        }
        String key = ChunkStorage.jobDir(jobId) + "/concat.txt";
        Path scratch = storage.scratchPath(key);
        try {
            Files.writeString(scratch, list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        storage.publish(scratch, key);
        return storage.localPath(key);
    }

    /**
     * The task's result file. A worker whose completion was accepted renames its attempt file to the
     * result name; if it died between the two, the accepted attempt's file (recorded in Redis) is
     * promoted here. A rejected attempt's file is never used.
     */
    private Path resultPath(String jobId, TaskRecord task) {
        String result = ChunkStorage.resultKey(jobId, task.spec().id(), task.spec().extension());
        if (!storage.exists(result) && task.result() != null && storage.exists(task.result())) {
            storage.move(task.result(), result);
        }
        if (!storage.exists(result)) {
            throw new MediaException("result of task " + task.spec().id() + " is missing from storage (" + result + ")", false);
        }
        return storage.localPath(result);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.6f", value);
    }

    /** Puts the file in place only if nothing is there: a hard link fails atomically on an existing name. */
    private static void publishNew(Path scratch, Path output) throws IOException {
        try {
            Files.createLink(output, scratch);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new MediaException("output exists: " + output + " (submit with --overwrite to replace it)", false);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            Files.move(scratch, output); // no hard links here: without REPLACE_EXISTING, still never replaces
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover scratch file has a name no output can have
        }
    }
}
