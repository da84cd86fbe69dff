package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.common.redis.RedisKeys;
import io.vidfleet.coordinator.Coordinator;
import io.vidfleet.worker.Worker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every module is compiled with {@code -XDstringConcat=inline} (the parent pom): a string join that is an
 * invokedynamic call builds its method handles the first time it runs, CPU that a command's start-up spends beside
 * the FFmpeg processes it starts.
 */
class CompiledStringJoinsTest {
    private static final String INDY_JOIN = "makeConcatWithConstants";

    @Test
    void noModuleJoinsStringsThroughInvokedynamic() throws IOException {
        for (Class<?> type : List.of(RedisKeys.class, Worker.class, Coordinator.class, LocalCommand.class)) {
            String constants = classFile(type);
            assertTrue(constants.contains("StringBuilder"), type.getName() + " joins no strings: pick a class that does");
            assertFalse(constants.contains(INDY_JOIN), type.getName() + " was compiled with invokedynamic string joins");
        }
    }

    /** The class file's bytes as Latin-1, so that the constant pool's names can be searched. */
    private static String classFile(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream(type.getSimpleName() + ".class")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
