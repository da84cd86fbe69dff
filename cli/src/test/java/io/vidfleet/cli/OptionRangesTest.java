package io.vidfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import org.junit.jupiter.api.io.TempDir;

/** Every numeric option refuses zero, negative, huge and non-numbers while it is parsed: one line, exit 2. */
class OptionRangesTest {
    @TempDir
    Path dir;

    private void assertRefused(String option, String... args) {
        CliRun run = CliRun.of(args);
        String shown = String.join(" ", args) + " -> " + run;
        assertEquals(2, run.exit(), shown);
        assertEquals(1, run.err().strip().lines().count(), shown);
        assertTrue(run.err().startsWith("vidfleet: ") && run.err().contains(option), shown);
        assertFalse(run.err().contains("\tat "), shown);
    }

    @Test
    void sampleRefusesAZeroOrHugeLengthAndABadSize() {
        String file = dir.resolve("no-such-dir/s.mp4").toString();
        assertRefused("--seconds", "sample", file, "--seconds", "0");
        assertRefused("--seconds", "sample", file, "--seconds", "-5");
        assertRefused("--seconds", "sample", file, "--seconds", "1e9");
        assertRefused("--seconds", "sample", file, "--seconds", "NaN");
        assertRefused("--size", "sample", file, "--size", "0x0");
        assertRefused("--size", "sample", file, "--size", "12000x12000");
        assertRefused("--size", "sample", file, "--size", "321x240");
    }

    @Test
    void workerRefusesZeroAndHugeValues() {
        String redis = "--redis=redis://127.0.0.1:1";
        assertRefused("--hang-seconds", "worker", redis, "--hang-seconds", "0");
        assertRefused("--hang-seconds", "worker", redis, "--hang-seconds", "99999999999999999999");
        assertRefused("--grace-seconds", "worker", redis, "--grace-seconds", "-1");
        assertRefused("--concurrency", "worker", redis, "--concurrency", "0");
        assertRefused("--concurrency", "worker", redis, "--concurrency", "100000");
        assertRefused("--threads", "worker", redis, "--threads", "-1");
    }

    @Test
    void submitAndLocalAndStatusRefuseOutOfRangeValues() {
        String redis = "--redis=redis://127.0.0.1:1";
        String input = dir.resolve("in.mp4").toString();
        assertRefused("--chunk-seconds", "submit", input, redis, "--chunk-seconds", "0.001");
        assertRefused("--chunk-seconds", "submit", input, redis, "--chunk-seconds", "Infinity");
        assertRefused("--lease-seconds", "submit", input, redis, "--lease-seconds", "0");
        assertRefused("--max-attempts", "submit", input, redis, "--max-attempts", "0");
        assertRefused("--max-attempts", "submit", input, redis, "--max-attempts", "1000000");
        assertRefused("--task-timeout", "submit", input, redis, "--task-timeout", "0");
        assertRefused("--workers", "local", input, "--workers", "0");
        assertRefused("--sample", "local", "--sample", "0");
        assertRefused("--limit", "status", redis, "--limit", "0");
        assertRefused("--limit", "status", redis, "--limit", "-3");
    }

    /** Every subcommand, at any depth, with the words that reach it. */
    private static void forEachCommand(CommandLine command, List<String> path, BiConsumer<List<String>, CommandLine> action) {
        action.accept(path, command);
        command.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().name().equals(name) && !(sub.getCommand() instanceof CommandLine.HelpCommand)) {
                List<String> longer = new ArrayList<>(path);
                longer.add(name);
                forEachCommand(sub, longer, action);
            }
        });
    }

    /** A number, a list of numbers or a duration: what needs a range. */
    private static boolean numeric(ArgSpec arg) {
        Class<?> type = arg.isMultiValue() ? arg.auxiliaryTypes()[0] : arg.type();
        return (type.isPrimitive() && type != boolean.class) || Number.class.isAssignableFrom(type) || type == Duration.class;
    }

    private static boolean ranged(ArgSpec arg) {
        CommandLine.ITypeConverter<?>[] converters = arg.converters();
        return converters.length > 0 && java.util.Arrays.stream(converters)
                .allMatch(c -> c.getClass().getEnclosingClass() == OptionRanges.class);
    }

    /** A numeric option added without a range fails the build here. */
    @Test
    void everyNumericOptionOfEveryCommandHasItsRangeInOptionRanges() {
        List<String> numeric = new ArrayList<>();
        List<String> unranged = new ArrayList<>();
        forEachCommand(VidfleetCommand.commandLine(), List.of(), (path, command) -> {
            List<ArgSpec> args = new ArrayList<>(command.getCommandSpec().options());
            args.addAll(command.getCommandSpec().positionalParameters());
            for (ArgSpec arg : args) {
                if (numeric(arg)) {
                    String name = String.join(" ", path) + " " + (arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName()
                            : arg.paramLabel());
                    numeric.add(name);
                    if (!ranged(arg)) {
                        unranged.add(name);
                    }
                }
            }
        });
        assertTrue(numeric.size() >= 30, "the model was walked: " + numeric);
        assertEquals(List.of(), unranged, "numeric options without a range in OptionRanges");
    }

    /** Through picocli's execute: a negative and a huge value of each numeric option are refused, one line, exit 2. */
    @Test
    void everyNumericOptionRefusesNegativeAndHugeValues() {
        forEachCommand(VidfleetCommand.commandLine(), List.of(), (path, command) -> {
            for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
                if (numeric(option)) {
                    for (String bad : List.of("-1", "99999999999999999999")) {
                        List<String> args = new ArrayList<>(path);
                        args.addAll(List.of(option.longestName(), bad));
                        assertRefused(option.longestName(), args.toArray(String[]::new));
                    }
                }
            }
        });
    }

    @Test
    void benchWebhookServeAndWaitOptionsRefuseZeroWhereItMeansNothing() {
        String redis = "--redis=redis://127.0.0.1:1";
        assertRefused("--runs", "bench", "--runs", "0");
        assertRefused("--workers", "bench", "--workers", "1,0");
        assertRefused("--sample-seconds", "bench", "--sample-seconds", "0");
        assertRefused("--tasks", "bench", "queue", "--tasks", "0");
        assertRefused("--concurrency", "bench", "queue", "--concurrency", "8,0");
        assertRefused("--time-scale", "bench", "queue", "--time-scale", "0");
        assertRefused("--warm-up", "bench", "queue", "--warm-up", "-1");
        assertRefused("--webhook-retry-hours", "coordinator", redis, "--webhook-retry-hours", "0");
        assertRefused("--webhook-timeout-seconds", "coordinator", redis, "--webhook-timeout-seconds", "0");
        assertRefused("--port", "serve", redis, "--port", "65536");
        assertRefused("--http-port", "worker", redis, "--http-port", "70000");
        assertRefused("--limit", "webhooks", redis, "--limit", "0");
    }
}
