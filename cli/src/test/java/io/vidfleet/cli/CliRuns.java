package io.vidfleet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine;

/** Runs the command line in this JVM, as a user would run it, capturing its output and exit code. */
final class CliRuns {
    private CliRuns() {
    }

    record Run(int exit, String out, String err) {
    }

    /** A run whose output can be read while it goes on. */
    record Running(CompletableFuture<Run> result, StringWriter out, StringWriter err) {
        String errSoFar() {
            synchronized (err) {
                return err.toString();
            }
        }

        String outSoFar() {
            synchronized (out) {
                return out.toString();
            }
        }
    }

    static Run run(String... args) {
        return start(args).result().join();
    }

    static Running start(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Run> result = CompletableFuture.supplyAsync(() -> {
            CommandLine cli = VidfleetCommand.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(), err.toString());
        }, runnable -> {
            Thread thread = new Thread(runnable, "cli-run");
            thread.setDaemon(true);
            thread.start();
        });
        return new Running(result, out, err);
    }
}
