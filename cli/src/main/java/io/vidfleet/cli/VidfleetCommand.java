package io.vidfleet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command; each subcommand is a class of its own. */
@Command(name = "vidfleet", mixinStandardHelpOptions = true, version = "vidfleet 0.1.0",
        description = "Distributed, frame-exact video transcoding: a coordinator splits a video into chunks on Redis, "
                + "stateless workers transcode them in parallel, the coordinator stitches and verifies the result.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the job failed (the reason is printed), or an internal error",
                "2:bad usage or bad input, or a missing system library (one line on stderr)",
                "3:submit --wait --timeout-seconds passed before the job ended (the job goes on)"},
        subcommands = {LocalCommand.class, CoordinatorCommand.class, WorkerCommand.class, SubmitCommand.class,
                StatusCommand.class, CancelCommand.class, RequeueCommand.class, PurgeCommand.class, SampleCommand.class, BenchCommand.class,
                ServeCommand.class, WebhooksCommand.class, WatchCommand.class, WorkersCommand.class, QueuesCommand.class,
                CommandLine.HelpCommand.class})
public final class VidfleetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new VidfleetCommand());
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new ErrorHandler());
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
