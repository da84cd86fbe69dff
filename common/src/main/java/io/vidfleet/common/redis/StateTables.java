package io.vidfleet.common.redis;

import io.vidfleet.common.jobs.JobState;
import io.vidfleet.common.jobs.TaskState;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The job and task state tables ({@link JobState#canMoveTo}, {@link TaskState#canMoveTo}) as Lua, so the
 * scripts enforce the very table the Java code reads ({@code --- @include "states"}).
 */
final class StateTables {
    private StateTables() {
    }

    /**
     * Each table as one string constant, every allowed move in it as {@code " from>to "}: a constant costs a
     * script call nothing, where a table of tables was built anew at every call (3.6 µs of it).
     */
    static String lua() {
        return "-- generated from JobState and TaskState: every allowed move, ' from>to ' (see lib.lua's allowed)\n"
                + "local JOB_MOVES = '" + moves(JobState.values(), JobState::wire, JobState::canMoveTo) + "'\n"
                + "local TASK_MOVES = '" + moves(TaskState.values(), TaskState::wire, TaskState::canMoveTo) + "'";
    }

    private static <S> String moves(S[] states, Function<S, String> wire, BiPredicate<S, S> allowed) {
        StringBuilder moves = new StringBuilder(" ");
        for (S from : states) {
            for (S to : states) {
                if (from != to && allowed.test(from, to)) {
                    moves.append(wire.apply(from)).append('>').append(wire.apply(to)).append(' ');
                }
            }
        }
        return moves.toString();
    }
}
