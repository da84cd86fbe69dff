package io.vidfleet.coordinator;

import io.vidfleet.common.error.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where a coordinator may write a job's output. A coordinator often runs with more rights than the
 * people who submit, so an output path from a job record is confined: under the storage root or an
 * operator's output root ({@code --output-root}, {@code VIDFLEET_OUTPUT_ROOT}), checked on the real
 * path of its directory (a symbolic link cannot lead out), unless the operator lets outputs go anywhere
 * ({@code coordinator --allow-any-output}). Relative outputs are storage keys under {@code outputs/}.
 */
public record OutputPolicy(List<Path> roots, boolean anywhere) {
    public static final String OUTPUTS_PREFIX = "outputs/";

    public OutputPolicy {
        roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    }

    /** Outputs under these roots only; a null or blank extra root is ignored. */
    public static OutputPolicy under(Path storageRoot, Path outputRoot) {
        List<Path> roots = new ArrayList<>();
        if (storageRoot != null) {
            roots.add(storageRoot);
        }
        if (outputRoot != null && !outputRoot.toString().isBlank()) {
            roots.add(outputRoot);
        }
        return new OutputPolicy(roots, false);
    }

    public static OutputPolicy unconfined() {
        return new OutputPolicy(List.of(), true);
    }

    public OutputPolicy withAnywhere(boolean value) {
        return new OutputPolicy(roots, value);
    }

    /** Refuses, with one line, an absolute output outside every root. */
    public void checkAbsolute(Path output) {
        if (anywhere) {
            return;
        }
        Path real = realParent(output.toAbsolutePath().normalize());
        for (Path root : roots) {
            if (real.startsWith(realPath(root))) {
                return;
            }
        }
        throw new BadInputException("output " + output + " is outside the output root"
                + (roots.size() == 1 ? " " : "s ") + roots.stream().map(Path::toString).collect(Collectors.joining(", "))
                + " (set --output-root or VIDFLEET_OUTPUT_ROOT; an operator can allow any path with coordinator --allow-any-output)");
    }

    /**
     * Refuses an output key that could overwrite the cluster's own files: one under {@code jobs/} (inputs
     * and chunks), with a {@code ..} or empty segment, or a directory. An {@code s3://} URI is the
     * storage's to check.
     */
    public static void checkKey(String key) {
        if (key.startsWith("s3://")) {
            return;
        }
        List<String> segments = List.of(key.split("/", -1));
        if (key.startsWith("jobs/") || key.contains("\\") || segments.stream().anyMatch(s -> s.isEmpty() || s.equals("..") || s.equals("."))) {
            throw new BadInputException("output key " + key + " is not allowed (no jobs/, no . or .. segments)");
        }
    }

    /** The directory's real path (symbolic links resolved) joined with the file name. */
    private static Path realParent(Path file) {
        Path parent = file.getParent();
        return parent == null ? file : realPath(parent).resolve(file.getFileName());
    }

    /** The real path of the longest existing ancestor, with the rest appended. */
    private static Path realPath(Path path) {
        Path existing = path;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return path;
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(path));
        } catch (IOException e) {
            return path;
        }
    }
}
