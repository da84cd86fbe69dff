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

    static String lua() {
        return "-- generated from JobState and TaskState: state -> set of states it may move to\n"
                + "local JOB_MOVES = " + table(JobState.values(), JobState::wire, JobState::canMoveTo) + "\n"
                + "local TASK_MOVES = " + table(TaskState.values(), TaskState::wire, TaskState::canMoveTo);
    }

    private static <S> String table(S[] states, Function<S, String> wire, BiPredicate<S, S> allowed) {
        StringBuilder lua = new StringBuilder("{");
        for (S from : states) {
            lua.append(wire.apply(from)).append(" = {");
            for (S to : states) {
                if (allowed.test(from, to)) {
                    lua.append(wire.apply(to)).append(" = true, ");
                }
            }
            lua.append("}, ");
        }
        return lua.append('}').toString();
    }
}
