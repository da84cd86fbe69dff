package io.vidfleet.cli;

import io.vidfleet.common.error.BadInputException;
import io.vidfleet.common.error.MissingLibraryException;
import io.vidfleet.common.error.VidfleetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/** Prints every error as one line on stderr (the stack trace goes to the debug log) and picks the exit code. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        // looked up here, not in a static field: starting logging costs ~0.3 s that `--help` should not pay
        Logger log = LoggerFactory.getLogger(ErrorHandler.class);
        log.debug("command failed", e);
        commandLine.getErr().println("vidfleet: " + message(e));
        return e instanceof BadInputException || e instanceof MissingLibraryException ? ExitCodes.USAGE : ExitCodes.FAILED;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        commandLine.getErr().println("vidfleet: " + e.getMessage() + " (see '" + commandLine.getCommandSpec().qualifiedName() + " --help')");
        return ExitCodes.USAGE;
    }

    private static String message(Exception e) {
        if (e instanceof JedisConnectionException) {
            return "cannot reach Redis: " + rootMessage(e);
        }
        if (e instanceof JedisException) {
            return "Redis error: " + rootMessage(e);
        }
        if (e instanceof VidfleetException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + rootMessage(e);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ');
    }
}
