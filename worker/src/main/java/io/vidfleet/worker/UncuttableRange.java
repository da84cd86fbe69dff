package io.vidfleet.worker;

import io.vidfleet.common.error.MediaException;
import io.vidfleet.common.plan.ChunkSpec;
import java.util.Locale;

/**
 * A chunk's range cannot be cut exactly (no frame decodes in it, a decode-order count that differs, an
 * FFmpeg error caused by the input there). Not a failure of the job: the plan is coarsened instead.
 */
final class UncuttableRange extends MediaException {
    UncuttableRange(ChunkSpec chunk, String detail) {
        super(String.format(Locale.ROOT, "the source does not decode cleanly between %.3f s and %.3f s (%s)",
                chunk.startSeconds(), chunk.startSeconds() + chunk.durationSeconds(), plain(detail)), false);
    }

    /** FFmpeg's context tags ("[dec:mjpeg @ 0x55c8...] ") name memory addresses: a note for users leaves them out. */
    private static String plain(String detail) {
        return detail.replaceAll("\\[[^\\]]* @ 0x[0-9a-f]+\\] ", "");
    }
}
