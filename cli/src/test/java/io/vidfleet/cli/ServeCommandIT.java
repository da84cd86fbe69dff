package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vidfleet.testing.TestRedis;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code vidfleet serve} refuses to start open: no token, a short one, or a port it cannot have is a one-line exit 2. */
class ServeCommandIT {
    record Run(int exit, String out, String err) {
    }

    private static Run serve(String... args) {
        CommandLine cli = VidfleetCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(cli.execute(all), out.toString(), err.toString());
    }

    private static void assertRefused(Run run, String mentions) {
        assertEquals(ExitCodes.USAGE, run.exit(), run.toString());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("vidfleet: ") && run.err().contains(mentions), run.err());
        assertFalse(run.err().contains("\tat "), run.err());
        assertEquals("", run.out(), "nothing served");
    }

    @Test
    void refusesToStartWithoutAToken() {
        // VIDFLEET_API_TOKEN must not be set where tests run; --token= overrides it with nothing either way
        assertRefused(serve("--token=", "--port=0"), "no API token");
        assertRefused(serve("--token=short", "--port=0"), "at least 16 characters");
        assertRefused(serve("--token=0123456789abcdef", "--port=70000"), "Invalid value for option '--port': must be from 0 to 65535");
    }

    @Test
    void refusesAPortInUse() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertRefused(serve("--token=0123456789abcdef", "--port=" + taken.getLocalPort(),
                    "--redis=" + TestRedis.url()), "cannot listen on");
        }
    }
}
