package io.vidfleet.coordinator;

import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.TaskKind;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.media.Ffmpeg;
import io.vidfleet.common.media.InputPolicy;
import io.vidfleet.common.media.MediaProbe;
import io.vidfleet.common.media.ProcessResult;
import io.vidfleet.common.media.TimeLimits;
import java.time.Duration;
import io.vidfleet.common.plan.ChunkSpec;
import io.vidfleet.common.storage.ChunkStorage;
import io.vidfleet.common.storage.LocalCopy;
import io.vidfleet.common.storage.MissingKeyException;
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
 * the output's place (a local path) or publishes it (a storage key). A failed or interrupted stitch leaves no partial file at the output path.
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
     * Stitches and verifies; returns the problem if the output is wrong (nothing is left at the output then).
     * {@code output} is an absolute local path or a key in the storage. {@code stitched} runs between the join
     * and the verification. It runs as one {@link StitchAttempt}: scratch names of its own, stopped at once
     * when the attempt is aborted (its output never published then).
     */
    Optional<OutputVerifier.Problem> stitch(JobRecord job, List<TaskRecord> tasks, String output, boolean overwrite, Runnable stitched,
                            StitchAttempt attempt) {
        // tasks replaced by a coarser one (merged) hold nothing the output uses
        List<TaskRecord> video = tasks.stream().filter(t -> t.spec().kind() == TaskKind.VIDEO && t.state() != TaskState.MERGED)
                .sorted(Comparator.comparingInt(t -> t.spec().chunk().index())).toList();
        // a local file (an absolute path, or a key of a shared directory) is renamed into place; an object is published
        boolean local = Path.of(output).isAbsolute() || storage.sharesLocalFiles();
        Path target = Path.of(Path.of(output).isAbsolute() || !local ? output : storage.location(output));
        Path scratch = local ? target.resolveSibling(".partial-" + job.id() + "-" + attempt.tag() + "-" + target.getFileName())
                : storage.scratchFile(output);
        deleteEarlierAttempts(scratch.getParent(), job.id(), scratch); // a coordinator that died mid-stitch left one
        List<LocalCopy> copies = new ArrayList<>();
        Path list = null;
        try {
            List<Path> chunkFiles = new ArrayList<>();
            for (TaskRecord task : video) {
                copies.add(accepted(task));
                chunkFiles.add(copies.get(copies.size() - 1).path());
            }
            Optional<LocalCopy> audio = tasks.stream().filter(t -> t.spec().kind() == TaskKind.AUDIO).findFirst()
                    .map(this::accepted);
            audio.ifPresent(copies::add);
            list = writeConcatList(job.id(), video, chunkFiles, attempt.tag());
            if (local) {
                Files.createDirectories(target.toAbsolutePath().getParent());
            }
            long bytes = storage.size(job.input());
            for (LocalCopy copy : copies) {
                bytes += Files.size(copy.path());
            }
            Duration limit = TimeLimits.copy(job.source().videoSeconds(), bytes);
            ProcessResult result = attempt.run(ffmpeg.runner(command(job, tasks, list, audio.map(LocalCopy::path), scratch,
                    OutputFormat.of(target))), limit);
            if (!result.ok()) {
                throw new MediaException("stitch failed: " + (result.killed() ? result.killReason() : result.lastErrorLine()), true);
            }
            stitched.run();
            List<ChunkSpec> chunks = video.stream().map(t -> t.spec().chunk()).toList();
            List<Integer> frames = video.stream().map(TaskRecord::resultFrames).toList();
            Optional<OutputVerifier.Problem> problem = verifier.verify(scratch, job.source(), chunks, frames,
                    decodedFrames(job, video, limit));
            if (problem.isPresent()) {
                return problem;
            }
            attempt.checkBeforePublish();
            if (local && overwrite) {
                Files.move(scratch, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else if (local) {
                publishNew(scratch, target);
            } else {
                storage.publish(scratch, output);
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the stitched file to " + output, e);
        } finally {
            copies.forEach(LocalCopy::close);
            deleteQuietly(scratch);
            if (list != null) {
                deleteQuietly(list);
            }
        }
    }

    /**
     * The reference when the chunks are not simply their packets (a range decoded to other than planned, or
     * the plan was coarsened): what one sequential decode of the whole source yields; else -1 (not counted).
     */
    private int decodedFrames(JobRecord job, List<TaskRecord> video, Duration limit) {
        boolean asPlanned = video.stream().allMatch(t -> t.frames() == null && t.spec().lastChunk() == null);
        return asPlanned ? -1 : new MediaProbe(ffmpeg).countDecodedFrames(storage.mediaInput(job.input()).inputArgs(), limit,
                job.source().name());
    }

    /** Scratch files of this job's earlier stitch attempts (this attempt holds the stitch lease: they are dead). */
    private static void deleteEarlierAttempts(Path dir, String jobId, Path own) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            files.filter(f -> !f.equals(own)).filter(f -> f.getFileName().toString().startsWith(".partial-")
                    && f.getFileName().toString().contains(jobId)).forEach(Stitcher::deleteQuietly);
        } catch (IOException | RuntimeException e) {
            // a leftover scratch file has a name no output can have
        }
    }

    private List<String> command(JobRecord job, List<TaskRecord> tasks, Path list, Optional<Path> audio, Path scratch,
                                 OutputFormat format) {
        List<String> args = new ArrayList<>(List.of("-f", "concat", "-safe", "0"));
        if (job.source().rotation() != 0) {
            args.addAll(List.of("-display_rotation:v:0", format(job.source().rotation())));
        }
        args.addAll(List.of("-i", list.toString()));
        audio.ifPresent(a -> args.addAll(List.of("-i", a.toString())));
        int metadataInput = audio.isPresent() ? 2 : 1;
        args.addAll(storage.mediaInput(job.input()).inputArgs()); // metadata only: FFmpeg reads its header, not its packets
        args.addAll(List.of("-map", "0:v:0"));
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

    private Path writeConcatList(String jobId, List<TaskRecord> video, List<Path> files, String tag) {
        StringBuilder list = new StringBuilder("ffconcat version 1.0\n");
        for (int i = 0; i < video.size(); i++) {
            String path = files.get(i).toString().replace("'", "'\\''");
            list.append("file '").append(path).append("'\n");
            list.append("duration ").append(format(video.get(i).spec().chunk().durationSeconds())).append('\n');
        }
        Path file = storage.scratchFile(ChunkStorage.jobDir(jobId) + "/concat-" + tag + ".txt");
        try {
            Files.writeString(file, list);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /**
     * The task's accepted attempt, as the queue recorded it when it accepted the completion: the only
     * key of the task that is ever read. A rejected or late attempt's key is never looked at.
     */
    private LocalCopy accepted(TaskRecord task) {
        if (task.result() == null || task.result().isEmpty()) {
            throw new MediaException("task " + task.spec().id() + " has no accepted result", false);
        }
        try {
            return storage.localCopy(task.result());
        } catch (MissingKeyException e) {
            throw new MediaException("result of task " + task.spec().id() + " is missing from storage (" + task.result() + ")", false);
        }
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
