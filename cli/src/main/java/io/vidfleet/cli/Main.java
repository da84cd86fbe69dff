package io.vidfleet.cli;

/** Entry point of the {@code vidfleet} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(VidfleetCommand.commandLine(args).execute(args));
    }
}
