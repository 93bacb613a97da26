package com.bl1nk.cli.usage;

import com.bl1nk.cli.Command;
import com.bl1nk.cli.Context;
import com.bl1nk.cli.ExitCodes;
import com.bl1nk.cli.api.ApiClient;
import com.bl1nk.cli.args.Args;
import com.bl1nk.cli.args.CommandSpec;
import com.bl1nk.cli.args.Flag;
import com.bl1nk.cli.output.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** {@code usage [--from --to] [--group-by]}: model calls, tokens and cost of the tenant over a range. */
public final class UsageCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
            "usage",
            "model calls, tokens and cost over a range (default: the last 30 days), grouped by day, model, agent,"
                    + " key or task",
            List.of(),
            List.of(),
            List.of(
                    Flag.value("from", "DATE", "start, a date (2026-01-31, UTC) or an instant"),
                    Flag.value("to", "DATE", "end, a date (its whole day counts) or an instant"),
                    Flag.value("group-by", "DIMENSION", "day (default), model, agent, key or task")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(Context context, Args args) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("groupBy", args.value("group-by").orElse(null));
        params.put("from", args.value("from").orElse(null));
        params.put("to", args.value("to").orElse(null));
        JsonNode report = context.api().get(ApiClient.query("/api/v1/usage", params));
        if (context.jsonOutput()) {
            context.printJson(report);
            return ExitCodes.OK;
        }
        context.io()
                .out()
                .println("usage by " + Context.text(report, "groupBy") + " from " + Context.text(report, "from")
                        + " to " + Context.text(report, "to") + " (" + Context.text(report, "currency") + ")");
        Table table = new Table(
                Context.text(report, "groupBy").toUpperCase(java.util.Locale.ROOT),
                "CALLS",
                "PROMPT",
                "COMPLETION",
                "COST");
        for (JsonNode row : report.path("items")) {
            add(table, row, Context.text(row, "key"));
        }
        add(table, report.path("totals"), "total");
        table.print(context.io().out());
        long unpriced = report.path("totals").path("unpricedCalls").asLong();
        if (unpriced > 0) {
            context.err(unpriced + " call(s) had no price (./bl1nk cli usage --json shows which)");
        }
        return ExitCodes.OK;
    }

    private static void add(Table table, JsonNode row, String key) {
        table.row(
                key,
                row.path("calls").asLong(),
                row.path("promptTokens").asLong(),
                row.path("completionTokens").asLong(),
                "$" + Context.text(row, "costUsd"));
    }
}
