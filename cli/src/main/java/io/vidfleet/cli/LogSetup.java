package io.vidfleet.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The command's logging, set in code: logback found through {@code META-INF/services} and no XML to parse at
 * every start (reading a logback.xml took about 70 ms). vidfleet's own loggers log INFO and up
 * ({@code VIDFLEET_LOG_LEVEL} sets another level), everything else WARN and up, all on stderr, so that stdout carries
 * only what scripts read (job ids, output paths). A {@code logback-test.xml} or {@code -Dlogback.configurationFile}
 * still takes over.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        boolean configuredElsewhere = System.getProperty("logback.configurationFile") != null
                || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null;
        return configure(context, configuredElsewhere, System.getenv("VIDFLEET_LOG_LEVEL"));
    }

    static ExecutionStatus configure(LoggerContext context, boolean configuredElsewhere, String level) {
        if (configuredElsewhere) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr(context));
        context.getLogger("io.vidfleet").setLevel(Level.toLevel(level, Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static ConsoleAppender<ILoggingEvent> stderr(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setContext(context);
        appender.setName("STDERR");
        appender.setTarget("System.err");
        appender.setEncoder(encoder(context));
        appender.start();
        return appender;
    }

    /** The encoder of every log line vidfleet writes, on stderr or to a file. */
    static PatternLayoutEncoder encoder(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        return encoder;
    }
}
