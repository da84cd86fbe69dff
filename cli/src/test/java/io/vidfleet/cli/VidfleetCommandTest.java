package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command is built for what its arguments name: one subcommand's model, not all of them, at each start. */
class VidfleetCommandTest {

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        assertEquals(Set.of("local"), VidfleetCommand.commandLine("local", "--sample", "1").getSubcommands().keySet());
        assertEquals(Set.of("bench"), VidfleetCommand.commandLine("bench", "queue").getSubcommands().keySet());
    }

    @Test
    void helpAnOptionOrAnUnknownNameGetsThemAll() {
        int all = VidfleetCommand.commandLine().getSubcommands().size();
        assertTrue(all > 10, "subcommands: " + all);
        for (String[] args : new String[][] {{}, {"help", "local"}, {"--help"}, {"locl"}}) {
            assertEquals(all, VidfleetCommand.commandLine(args).getSubcommands().size(), String.join(" ", args));
        }
    }

    @Test
    void helpForASubcommandStillFindsIt() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = VidfleetCommand.commandLine("help", "local");
        commandLine.setOut(new PrintWriter(out));
        assertEquals(0, commandLine.execute("help", "local"));
        assertTrue(out.toString().startsWith("Usage: vidfleet local"), out.toString());
    }
}
