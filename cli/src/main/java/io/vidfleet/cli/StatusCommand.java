package io.vidfleet.cli;

import io.vidfleet.common.jobs.JobRecord;
import io.vidfleet.common.jobs.TaskRecord;
import io.vidfleet.common.jobs.TaskState;
import io.vidfleet.common.json.Json;
import io.vidfleet.common.store.JobStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List recent jobs, or show one job's state, task counts and failures.")
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "a job id")
    String jobId;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--limit", defaultValue = "20", converter = OptionRanges.ListLimit.class, description = "how many jobs to list (default: ${DEFAULT-VALUE})")
    int limit;

    @Mixin
    RedisOption redis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        JobStore store = redis.open();
        PrintWriter out = spec.commandLine().getOut();
        if (jobId == null) {
            list(store.list(limit), out);
        } else {
            show(store.get(jobId), store.tasks(jobId), store.notes(jobId), out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void list(List<JobRecord> jobs, PrintWriter out) {
        if (json) {
            List<Map<String, Object>> rows = new ArrayList<>();
            jobs.forEach(job -> rows.add(summary(job, Map.of())));
            out.println(Json.writePretty(rows));
            return;
        }
        out.printf("%-24s %-10s %-11s %-8s %-9s %s%n", "JOB", "STATE", "PROFILE", "PRIORITY", "TASKS", "CREATED");
        for (JobRecord job : jobs) {
            out.printf("%-24s %-10s %-11s %-8s %-9s %s%n", job.id(), job.state().wire(), job.profile(),
                    job.priority().wire(), job.tasksDone() + "/" + job.tasksTotal(), job.createdAt());
        }
    }

    private void show(JobRecord job, List<TaskRecord> tasks, List<String> notes, PrintWriter out) {
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        tasks.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        Map<String, Object> view = summary(job, counts);
        if (!notes.isEmpty()) {
            view.put("notes", notes);
        }
        if (json) {
            view.put("tasks", tasks.stream().map(StatusCommand::taskView).toList());
            out.println(Json.writePretty(view));
            return;
        }
        view.forEach((name, value) -> {
            if (value instanceof List<?> lines) {
                out.printf("%-10s%n", name + ":");
                lines.forEach(line -> out.printf("  %s%n", line));
            } else {
                out.printf("%-10s %s%n", name + ":", value);
            }
        });
        for (TaskRecord task : tasks) {
            if (task.error() != null && !task.error().isEmpty()) {
                out.printf("  %s %s after %d attempt(s): %s%n", task.spec().id(), task.state().wire(), task.attempts(), task.error());
            }
        }
    }

    private static Map<String, Object> summary(JobRecord job, Map<TaskState, Integer> counts) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("job", job.id());
        view.put("state", job.state().wire());
        view.put("profile", job.profile());
        view.put("priority", job.priority().wire());
        view.put("delivery", job.delivery().wire());
        view.put("progress", job.tasksDone() + "/" + job.tasksTotal() + " tasks done");
        if (!counts.isEmpty()) {
            Map<String, Integer> byState = new LinkedHashMap<>();
            counts.forEach((state, n) -> byState.put(state.wire(), n));
            view.put("counts", byState);
        }
        if (job.source() != null) {
            view.put("source", job.source().name() + ", " + job.source().frames() + " frames, "
                    + String.format("%.2f s", job.source().videoSeconds()));
        }
        view.put("output", job.output());
        if (job.reason() != null) {
            view.put("reason", job.reason());
        }
        view.put("created", String.valueOf(job.createdAt()));
        if (job.finishedAt() != null) {
            view.put("finished", String.valueOf(job.finishedAt()));
        }
        return view;
    }

    private static Map<String, Object> taskView(TaskRecord task) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", task.spec().id());
        view.put("state", task.state().wire());
        view.put("attempts", task.attempts());
        if (task.spec().chunk() != null) {
            view.put("frames", task.spec().chunk().startFrame() + "-" + task.spec().chunk().endFrame());
        }
        if (task.worker() != null) {
            view.put("worker", task.worker());
        }
        if (task.error() != null && !task.error().isEmpty()) {
            view.put("error", task.error());
        }
        return view;
    }
}
