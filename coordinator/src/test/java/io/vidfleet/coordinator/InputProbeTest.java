package io.vidfleet.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputProbeTest {
    @Test
    void theDecodeCheckDecodesOnOneThread() {
        List<String> args = List.of(InputProbe.decodeCheckArguments(Path.of("/videos/in.mp4")));
        int threads = args.indexOf("-threads");
        assertTrue(threads >= 0, "no -threads in " + args);
        assertEquals("1", args.get(threads + 1));
        assertTrue(threads < args.indexOf("-i"), "-threads is an option of the input (the decoder), given before -i: " + args);
    }
}
