package io.vidfleet.common.profile;

import io.vidfleet.common.error.BadInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The profiles this build knows; a job naming any other is rejected at submit. */
public final class Profiles {
    private static final Duration LEASE = Duration.ofSeconds(60);
    /**
     * NVENC's decode share, not measured (no GPU here): the CPU decodes a 1080p H.264 frame in about 2 ms on one
     * thread, about what NVENC takes to encode one, so a frame thrown away costs about as much as one kept.
     */
    private static final double GPU_DECODE_SHARE = 1.0;
    private static final Map<String, Profile> ALL = new LinkedHashMap<>();

    // decode shares: CPU time of decoding 600 frames of the 60 s 1080p sample over that of scaling and encoding them
    // with the profile (one thread each; 1.28 s against 5.00, 18.1, 15.7 and 3.75 s on a 2-core EPYC VM)
    static {
        add(new Profile("h264-720p", "h264", "H.264 (x264 veryfast, CRF 23), at most 720 lines, AAC 128k",
                "h264", List.of("-c:v", "libx264", "-preset", "veryfast", "-crf", "23"), 720, "128k", LEASE, 0.26));
        add(new Profile("h264-1080p", "h264", "H.264 (x264 medium, CRF 21), at most 1080 lines, AAC 160k",
                "h264", List.of("-c:v", "libx264", "-preset", "medium", "-crf", "21"), 1080, "160k", LEASE, 0.07));
        add(new Profile("hevc-720p", "hevc", "HEVC (x265 fast, CRF 26), at most 720 lines, AAC 128k",
                "hevc", List.of("-c:v", "libx265", "-preset", "fast", "-crf", "26", "-tag:v", "hvc1",
                        "-x265-params", "log-level=error"), 720, "128k", LEASE, 0.08));
        add(new Profile("av1-720p", "av1", "AV1 (SVT-AV1 preset 10, CRF 35), at most 720 lines, AAC 128k",
                "av1", List.of("-c:v", "libsvtav1", "-preset", "10", "-crf", "35"), 720, "128k", LEASE, 0.34));
        // NVENC needs the host driver's libcuda.so.1 and a GPU with that encoder (AV1: Ada or newer), so
        // each has a queue of its own: a worker serves it only after a test encode on this host worked
        add(new Profile("h264-nvenc-720p", "h264-nvenc", "H.264 on an NVIDIA GPU (NVENC p4, CQ 23), at most 720 lines, AAC 128k",
                "h264", List.of("-c:v", "h264_nvenc", "-preset", "p4", "-tune", "hq", "-rc", "vbr", "-cq", "23",
                        "-b:v", "0"), 720, "128k", LEASE, GPU_DECODE_SHARE));
        add(new Profile("hevc-nvenc-720p", "hevc-nvenc", "HEVC on an NVIDIA GPU (NVENC p4, CQ 26), at most 720 lines, AAC 128k",
                "hevc", List.of("-c:v", "hevc_nvenc", "-preset", "p4", "-tune", "hq", "-rc", "vbr", "-cq", "26",
                        "-b:v", "0", "-tag:v", "hvc1"), 720, "128k", LEASE, GPU_DECODE_SHARE));
        add(new Profile("av1-nvenc-720p", "av1-nvenc", "AV1 on an NVIDIA GPU (NVENC p4, CQ 35), at most 720 lines, AAC 128k",
                "av1", List.of("-c:v", "av1_nvenc", "-preset", "p4", "-tune", "hq", "-rc", "vbr", "-cq", "35",
                        "-b:v", "0"), 720, "128k", LEASE, GPU_DECODE_SHARE));
    }

    private Profiles() {
    }

    private static void add(Profile profile) {
        ALL.put(profile.name(), profile);
    }

    public static Profile named(String name) {
        Profile profile = ALL.get(name);
        if (profile == null) {
            throw new BadInputException("unknown profile '" + name + "' (known: " + String.join(", ", ALL.keySet()) + ")");
        }
        return profile;
    }

    public static Set<String> names() {
        return ALL.keySet();
    }

    public static Map<String, Profile> all() {
        return Map.copyOf(ALL);
    }

    /** Every queue a profile names, in the order the profiles were added. */
    public static List<String> queues() {
        return ALL.values().stream().map(Profile::queue).distinct().toList();
    }

    /** The profiles whose tasks wait on {@code queue}. */
    public static List<Profile> onQueue(String queue) {
        return ALL.values().stream().filter(profile -> profile.queue().equals(queue)).toList();
    }
}
