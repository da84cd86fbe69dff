package io.vidfleet.common.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SharedLibrariesTest {
    @Test
    void findsTheLibraryInTheDynamicLoadersError() {
        String error = "ffmpeg: error while loading shared libraries: libpulse.so.0: cannot open shared object file: "
                + "No such file or directory";
        assertEquals(Optional.of("libpulse.so.0"), SharedLibraries.missingIn(error));
    }

    @Test
    void findsTheLibraryThatLddCannotFind() {
        String ldd = """
                \tlinux-vdso.so.1 (0x00007ffd)
                \tlibavutil.so.60 => /cache/libavutil.so.60 (0x00007f)
                \tlibxcb-shm.so.0 => not found
                \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f)
                """;
        assertEquals(Optional.of("libxcb-shm.so.0"), SharedLibraries.missingIn(ldd));
    }

    @Test
    void aLibraryThatCannotBeLoadedIsNamedBySoname() {
        String error = "ldd: error while loading shared libraries: /lib/x86_64-linux-gnu/libxcb-shm.so.0: file too short";
        assertEquals(Optional.of("libxcb-shm.so.0"), SharedLibraries.missingIn(error));
    }

    @Test
    void nothingIsMissingWhenEverythingResolves() {
        assertEquals(Optional.empty(), SharedLibraries.missingIn("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n"));
        assertEquals(Optional.empty(), SharedLibraries.missingIn(null));
    }

    @Test
    void theErrorNamesThePackageToInstall() {
        String message = SharedLibraries.missing("libxcb-shm.so.0").getMessage();
        assertTrue(message.contains("libxcb-shm.so.0") && message.contains("apt-get install libxcb-shm0"), message);
        assertTrue(!message.contains("\n"), "one line");
    }

    @Test
    void anUnknownLibraryStillGetsAnswered() {
        String message = SharedLibraries.missing("libfoo.so.9").getMessage();
        assertTrue(message.contains("libfoo.so.9") && message.contains("package that provides it"), message);
    }
}
