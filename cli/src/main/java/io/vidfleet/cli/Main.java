package io.vidfleet.cli;

import io.vidfleet.coordinator.InputProbe;

/** Entry point of the {@code vidfleet} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int exitCode;
        // `local FILE ...`: FILE is probed while picocli builds its model and parses (60 ms of a start)
        try (InputProbe.Ahead early = LocalCommand.probeAhead(args)) {
            exitCode = VidfleetCommand.commandLine(args, early).execute(args);
        }
        System.exit(exitCode);
    }
}
