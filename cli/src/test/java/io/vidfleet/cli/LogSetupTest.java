package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The command's logging is set in code: what logback.xml used to say, found by logback itself. */
class LogSetupTest {

    @Test
    void vidfleetLogsInfoAndTheRestWarnOnStderr() {
        LoggerContext context = new LoggerContext();
        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, LogSetup.configure(context, false, null));
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        assertEquals(Level.INFO, context.getLogger("io.vidfleet").getLevel());
        assertTrue(context.getLogger("io.vidfleet.worker.Worker").isInfoEnabled());
        assertFalse(context.getLogger("redis.clients.jedis").isInfoEnabled());
        ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertEquals("System.err", appender.getTarget(), "stdout carries only what scripts read");
    }

    @Test
    void theLevelComesFromTheEnvironment() {
        LoggerContext context = new LoggerContext();
        LogSetup.configure(context, false, "DEBUG");
        assertTrue(context.getLogger("io.vidfleet.worker.Worker").isDebugEnabled());
    }

    @Test
    void aConfigurationFileTakesOver() {
        LoggerContext context = new LoggerContext();
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, LogSetup.configure(context, true, null));
        assertFalse(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext());
    }

    @Test
    void logbackFindsIt() {
        assertTrue(ServiceLoader.load(Configurator.class).stream().anyMatch(p -> p.type() == LogSetup.class));
    }
}
