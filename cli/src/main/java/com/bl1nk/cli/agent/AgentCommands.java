package com.bl1nk.cli.agent;

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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code agents list|get|create|delete}: the tenant's agents. */
public final class AgentCommands {

    /** Instructions of an agent created without any: answer from the documents and cite them. */
    static final String DEFAULT_INSTRUCTIONS =
            "You are a helpful assistant. Answer from the retrieved documents and cite them as [n].";

    private AgentCommands() {}

    public static List<Command> all() {
        return List.of(new ListAgents(), new GetAgent(), new CreateAgent(), new DeleteAgent());
    }

    static final class ListAgents implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "agents list",
                "list the tenant's agents",
                List.of(),
                List.of(),
                List.of(
                        Flag.value("limit", "N", "agents per page (1-200, default 50)"),
                        Flag.value("cursor", "CURSOR", "the page after this cursor (printed under a full page)")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("limit", args.intValue("limit", 1, 200, SPEC.usage()).orElse(null));
            params.put("cursor", args.value("cursor").orElse(null));
            JsonNode page = context.api().get(ApiClient.query("/api/v1/agents", params));
            if (context.jsonOutput()) {
                context.printJson(page);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "ID", "VERSION", "MODEL", "KNOWLEDGE BASES", "CREATED");
            for (JsonNode a : page.path("items")) {
                table.row(
                        Context.text(a, "name"),
                        Context.text(a, "id"),
                        Context.text(a, "version"),
                        model(a),
                        a.path("knowledgeBaseIds").size(),
                        Context.text(a, "createdAt"));
            }
            Pages.print(context, table, page, "agents", "./bl1nk agents create --name NAME --model MODEL");
            return ExitCodes.OK;
        }
    }

    static final class GetAgent implements Command {

        private static final CommandSpec SPEC =
                new CommandSpec("agents get", "show one agent (by name or id)", List.of("AGENT"), List.of(), List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            ApiClient api = context.api();
            JsonNode agent = api.get(
                    "/api/v1/agents/" + Lookup.agentId(api, args.positionals().getFirst()));
            if (context.jsonOutput()) {
                context.printJson(agent);
            } else {
                describe(context.io().out(), agent);
            }
            return ExitCodes.OK;
        }
    }

    static final class CreateAgent implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "agents create",
                "create an agent from flags, or from a JSON file of the API's agent body (flags override its fields)",
                List.of(),
                List.of(),
                List.of(
                        Flag.value("name", "NAME", "lower-case name, unique in the tenant (a-z, 0-9, _ or -)"),
                        Flag.value("model", "MODEL", "the model it calls, e.g. mock-gpt (or give --routing-policy)"),
                        Flag.value("instructions", "TEXT", "its system prompt (default: answer from the documents)"),
                        Flag.many("kb", "KB", "a knowledge base to retrieve from, by name or id (repeatable)"),
                        Flag.many("tool", "TOOL_ID", "an MCP tool it may call (repeatable)"),
                        Flag.many("sub-agent", "NAME", "an agent it may delegate to (repeatable)"),
                        Flag.value("routing-policy", "POLICY", "a routing policy name instead of one model"),
                        Flag.value("max-steps", "N", "model calls per task (1-100, default 10)"),
                        Flag.value("max-cost", "USD", "spend per task in USD (default 1)"),
                        Flag.value("max-depth", "N", "delegation levels below a task (0-5, default 1)"),
                        Flag.value("file", "agent.json", "a JSON object with the fields of POST /api/v1/agents")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) throws IOException {
            ObjectNode body = args.value("file").map(f -> readFile(context, f)).orElseGet(context::object);
            ApiClient api = context.api();
            args.value("name").ifPresent(v -> body.put("name", v));
            args.value("model").ifPresent(v -> body.put("model", v));
            args.value("instructions").ifPresent(v -> body.put("instructions", v));
            args.value("routing-policy").ifPresent(v -> body.put("routingPolicy", v));
            args.intValue("max-steps", 1, 100, SPEC.usage()).ifPresent(v -> body.put("maxSteps", v));
            args.intValue("max-depth", 0, 5, SPEC.usage()).ifPresent(v -> body.put("maxDelegationDepth", v));
            args.decimalValue("max-cost", SPEC.usage()).ifPresent(v -> body.put("maxCostUsd", v.toPlainString()));
            if (!args.values("kb").isEmpty()) {
                ArrayNode kbs = body.putArray("knowledgeBaseIds");
                args.values("kb").forEach(kb -> kbs.add(Lookup.knowledgeBaseId(api, kb)));
            }
            if (!args.values("tool").isEmpty()) {
                ArrayNode tools = body.putArray("allowedTools");
                args.values("tool").forEach(tools::add);
            }
            if (!args.values("sub-agent").isEmpty()) {
                ArrayNode subs = body.putArray("allowedSubAgents");
                args.values("sub-agent").forEach(subs::add);
            }
            if (!body.hasNonNull("name")) {
                throw new UsageException("missing flag --name (or a \"name\" in --file)", SPEC.usage());
            }
            if (!body.hasNonNull("instructions")) {
                body.put("instructions", DEFAULT_INSTRUCTIONS);
            }
            JsonNode created = api.post("/api/v1/agents", body);
            if (context.jsonOutput()) {
                context.printJson(created);
            } else {
                context.io()
                        .out()
                        .println("created agent " + Context.text(created, "name") + " (" + Context.text(created, "id")
                                + "), version " + Context.text(created, "version"));
                context.io()
                        .out()
                        .println("run it: ./bl1nk task run " + Context.text(created, "name")
                                + " \"your question\" --follow");
            }
            return ExitCodes.OK;
        }

        private static ObjectNode readFile(Context context, String file) {
            try {
                JsonNode node = context.json().readTree(Files.readString(Path.of(file)));
                if (!node.isObject()) {
                    throw new UsageException("--file " + file + " must hold a JSON object", SPEC.usage());
                }
                return (ObjectNode) node;
            } catch (NoSuchFileException e) {
                throw new UsageException("--file " + file + " does not exist", SPEC.usage());
            } catch (IOException e) {
                throw new UsageException("--file " + file + " cannot be read: " + e.getMessage(), SPEC.usage());
            } catch (JacksonException e) {
                throw new UsageException(
                        "--file " + file + " is not valid JSON: " + e.getOriginalMessage(), SPEC.usage());
            }
        }
    }

    static final class DeleteAgent implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "agents delete", "delete an agent (by name or id)", List.of("AGENT"), List.of(), List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            ApiClient api = context.api();
            String id = Lookup.agentId(api, args.positionals().getFirst());
            api.delete("/api/v1/agents/" + id);
            if (context.jsonOutput()) {
                context.printJson(context.object().put("id", id).put("deleted", true));
            } else {
                context.io().out().println("deleted agent " + id);
            }
            return ExitCodes.OK;
        }
    }

    static void describe(PrintStream out, JsonNode agent) {
        out.println("name:           " + Context.text(agent, "name"));
        out.println("id:             " + Context.text(agent, "id"));
        out.println("version:        " + Context.text(agent, "version"));
        out.println("model:          " + model(agent));
        out.println("knowledge:      " + list(agent.path("knowledgeBaseIds")));
        out.println("tools:          " + list(agent.path("allowedTools")));
        out.println("sub-agents:     " + list(agent.path("allowedSubAgents")));
        out.println(
                "limits:         " + Context.text(agent, "maxSteps") + " steps, $" + Context.text(agent, "maxCostUsd")
                        + " per task, delegation depth " + Context.text(agent, "maxDelegationDepth"));
        out.println("instructions:   " + Context.text(agent, "instructions"));
    }

    private static String model(JsonNode agent) {
        String model = Context.text(agent, "model");
        String policy = Context.text(agent, "routingPolicy");
        return model != null ? model : policy != null ? "policy " + policy : "-";
    }

    private static String list(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        array.forEach(v -> s.append(s.isEmpty() ? "" : ", ").append(v.asString()));
        return s.toString();
    }
}
