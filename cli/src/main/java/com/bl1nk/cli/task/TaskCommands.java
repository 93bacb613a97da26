package com.bl1nk.cli.task;

import com.bl1nk.cli.Command;
import com.bl1nk.cli.Context;
import com.bl1nk.cli.ExitCodes;
import com.bl1nk.cli.api.ApiClient;
import com.bl1nk.cli.api.Lookup;
import com.bl1nk.cli.args.Args;
import com.bl1nk.cli.args.CommandSpec;
import com.bl1nk.cli.args.Flag;
import com.bl1nk.cli.args.UsageException;
import com.bl1nk.cli.output.Pages;
import com.bl1nk.cli.output.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code task run|follow|get|list|cancel}: running agents and watching them work. */
public final class TaskCommands {

    private TaskCommands() {}

    public static List<Command> all() {
        return List.of(new RunTask(), new FollowTask(), new GetTask(), new ListTasks(), new CancelTask());
    }

    static final class RunTask implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "task run",
                "start a task for an agent (by name or id); --follow streams its events and ends with the answer",
                List.of("AGENT", "INPUT"),
                List.of(),
                List.of(Flag.bool("follow", "stream the events until the task ends; exit code by its final state")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) throws IOException {
            String input = args.positionals().get(1);
            if (input.isBlank()) {
                throw new UsageException("INPUT is empty: say what the agent should do", SPEC.usage());
            }
            ApiClient api = context.api();
            String agent = Lookup.agentId(api, args.positionals().getFirst());
            JsonNode task = api.post(
                    "/api/v1/tasks", context.object().put("agentId", agent).put("input", input));
            String id = Context.text(task, "id");
            if (args.has("follow")) {
                if (!context.jsonOutput()) {
                    context.io().err().println("task " + id + " (Ctrl-C detaches; the task keeps running)");
                }
                return new TaskFollower(context, api).follow(id);
            }
            if (context.jsonOutput()) {
                context.printJson(task);
            } else {
                context.io().out().println(id);
                context.io()
                        .err()
                        .println("task " + id + " " + Context.text(task, "status") + "; follow it: "
                                + "./bl1nk task follow " + id);
            }
            return ExitCodes.OK;
        }
    }

    static final class FollowTask implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "task follow",
                "stream a task's events (from its start) until it ends; exit code by its final state",
                List.of("ID"),
                List.of(),
                List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) throws IOException {
            return new TaskFollower(context, context.api()).follow(taskId(args, SPEC));
        }
    }

    static final class GetTask implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "task get",
                "show a task: status, answer, cost, steps and child tasks",
                List.of("ID"),
                List.of(),
                List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            JsonNode task = context.api().get("/api/v1/tasks/" + taskId(args, SPEC));
            if (context.jsonOutput()) {
                context.printJson(task);
            } else {
                describe(context.io().out(), task);
            }
            return ExitCodes.OK;
        }
    }

    static final class ListTasks implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "task list",
                "list the tenant's tasks, newest first",
                List.of(),
                List.of(),
                List.of(
                        Flag.value("status", "STATUS", "only tasks in this status (queued, running, succeeded, ...)"),
                        Flag.value("limit", "N", "tasks per page (1-200, default 50)"),
                        Flag.value("cursor", "CURSOR", "the page after this cursor")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("limit", args.intValue("limit", 1, 200, SPEC.usage()).orElse(null));
            params.put("cursor", args.value("cursor").orElse(null));
            params.put("status", args.value("status").orElse(null));
            JsonNode page = context.api().get(ApiClient.query("/api/v1/tasks", params));
            if (context.jsonOutput()) {
                context.printJson(page);
                return ExitCodes.OK;
            }
            Table table = new Table("ID", "STATUS", "COST USD", "CREATED", "INPUT");
            for (JsonNode t : page.path("items")) {
                table.row(
                        Context.text(t, "id"),
                        Context.text(t, "status"),
                        Context.text(t.path("cost"), "totalUsd"),
                        Context.text(t, "createdAt"),
                        Context.text(t, "input"));
            }
            Pages.print(context, table, page, "tasks", "./bl1nk task run AGENT \"INPUT\" --follow");
            return ExitCodes.OK;
        }
    }

    static final class CancelTask implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "task cancel", "cancel a task (and its child tasks)", List.of("ID"), List.of(), List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            JsonNode task = context.api().post("/api/v1/tasks/" + taskId(args, SPEC) + "/cancel", null);
            if (context.jsonOutput()) {
                context.printJson(task);
            } else {
                context.io().out().println("task " + Context.text(task, "id") + " " + Context.text(task, "status"));
            }
            return ExitCodes.OK;
        }
    }

    private static String taskId(Args args, CommandSpec spec) {
        String id = args.positionals().getFirst();
        if (!Lookup.isId(id)) {
            throw new UsageException(
                    "ID must be a task id (a UUID, as task run printed it), not '" + id + "'", spec.usage());
        }
        return id;
    }

    static void describe(PrintStream out, JsonNode task) {
        out.println("id:         " + Context.text(task, "id"));
        out.println("agent:      " + Context.text(task, "agentId") + " (version " + Context.text(task, "agentVersion")
                + ")");
        String reason = Context.text(task, "statusReason");
        out.println("status:     " + Context.text(task, "status") + (reason == null ? "" : " (" + reason + ")"));
        JsonNode cost = task.path("cost");
        out.println("cost:       $" + Context.text(cost, "totalUsd") + " (own $" + Context.text(cost, "ownUsd")
                + ", children $" + Context.text(cost, "childrenUsd") + ", budget $" + Context.text(cost, "budgetUsd")
                + ")");
        JsonNode tokens = task.path("tokens");
        out.println("tokens:     " + tokens.path("prompt").asLong() + " prompt, "
                + tokens.path("completion").asLong() + " completion");
        out.println("created:    " + Context.text(task, "createdAt")
                + (task.hasNonNull("durationMs")
                        ? ", took " + task.path("durationMs").asLong() + " ms"
                        : ""));
        out.println("input:      " + Context.text(task, "input"));
        for (JsonNode s : task.path("steps")) {
            out.println(String.format(
                    "step %-5s %-10s %-10s $%s",
                    s.path("seq").asInt(),
                    Context.text(s, "kind"),
                    Context.text(s, "status"),
                    Context.text(s, "costUsd")));
        }
        for (JsonNode c : task.path("children")) {
            out.println("child      " + Context.text(c, "id") + " " + Context.text(c, "status") + " $"
                    + Context.text(c, "totalCostUsd"));
        }
        String output = Context.text(task, "output");
        if (output != null) {
            out.println();
            out.println(output);
        }
    }
}
