package io.vidfleet.cli;

import io.vidfleet.coordinator.InputProbe;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command; each subcommand is a class of its own. */
@Command(name = "vidfleet", mixinStandardHelpOptions = true, version = "vidfleet 0.1.0",
        description = "Distributed, frame-exact video transcoding: a coordinator splits a video into chunks on Redis, "
                + "stateless workers transcode them in parallel, the coordinator stitches and verifies the result.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the job failed (the reason is printed), or an internal error",
                "2:bad usage or bad input, or a missing system library (one line on stderr)",
                "3:submit --wait --timeout-seconds passed before the job ended (the job goes on)"})
public final class VidfleetCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Every subcommand, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(LocalCommand.class, CoordinatorCommand.class,
            WorkerCommand.class, SubmitCommand.class, StatusCommand.class, CancelCommand.class, RequeueCommand.class,
            PurgeCommand.class, SampleCommand.class, BenchCommand.class, ServeCommand.class, WebhooksCommand.class,
            WatchCommand.class, WorkersCommand.class, QueuesCommand.class, CommandLine.HelpCommand.class);

    /** The whole command, every subcommand in it. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS, null);
    }

    /**
     * The command as {@code args} need it: only the subcommand they name when they name one. picocli builds a
     * model of every command it is given, from annotations by reflection; for all of them that took a fifth of a
     * second, at every start. Anything else (no subcommand, an unknown one, an option first, help) gets them all.
     */
    public static CommandLine commandLine(String... args) {
        return commandLine(args, null);
    }

    /** @param early a probe {@link LocalCommand} takes over when its INPUT is the probe's input (see {@link Main}) */
    static CommandLine commandLine(String[] args, InputProbe.Ahead early) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                // `help COMMAND` looks COMMAND up among the subcommands: it needs them all
                if (subcommand != CommandLine.HelpCommand.class && subcommand.getAnnotation(Command.class).name().equals(args[0])) {
                    return commandLine(List.of(subcommand), early);
                }
            }
        }
        return commandLine(SUBCOMMANDS, early);
    }

    private static CommandLine commandLine(List<Class<?>> subcommands, InputProbe.Ahead early) {
        CommandLine.IFactory factory = early == null ? CommandLine.defaultFactory() : new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == LocalCommand.class ? type.cast(new LocalCommand(early)) : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = new CommandLine(new VidfleetCommand(), factory);
        subcommands.forEach(commandLine::addSubcommand);
        commandLine.setExecutionExceptionHandler(new ErrorHandler());
        commandLine.setParameterExceptionHandler(new ErrorHandler());
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
