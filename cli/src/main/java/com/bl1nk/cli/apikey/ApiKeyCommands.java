package com.bl1nk.cli.apikey;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code apikeys list|create|revoke}: the tenant's API keys ({@code ./bl1nk keys} stays the workload signing keys).
 */
public final class ApiKeyCommands {

    private ApiKeyCommands() {}

    public static List<Command> all() {
        return List.of(new ListKeys(), new CreateKey(), new RevokeKey());
    }

    static final class ListKeys implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "apikeys list",
                "list the tenant's API keys (never their secrets)",
                List.of(),
                List.of(),
                List.of(
                        Flag.value("limit", "N", "keys per page (1-200, default 50)"),
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
            JsonNode page = context.api().get(ApiClient.query("/api/v1/api-keys", params));
            if (context.jsonOutput()) {
                context.printJson(page);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "PREFIX", "ROLES", "SCOPES", "STATUS", "LAST USED", "ID");
            for (JsonNode k : page.path("items")) {
                table.row(
                        Context.text(k, "name"),
                        Context.text(k, "prefix"),
                        join(k.path("roles")),
                        join(k.path("scopes")),
                        Context.text(k, "status"),
                        Context.text(k, "lastUsedAt"),
                        Context.text(k, "id"));
            }
            Pages.print(context, table, page, "API keys", "./bl1nk apikeys create --name NAME --role developer");
            return ExitCodes.OK;
        }
    }

    static final class CreateKey implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "apikeys create",
                "create an API key; the key is printed once, on stdout, and never again",
                List.of(),
                List.of(),
                List.of(
                        Flag.value("name", "NAME", "a label for the key"),
                        Flag.many("role", "ROLE", "owner, admin, developer or viewer (repeatable; default developer)"),
                        Flag.many("scope", "SCOPE", "narrow the key to these permissions, e.g. tasks:write"),
                        Flag.value("expires", "INSTANT", "expiry, ISO-8601 (2027-01-01T00:00:00Z)")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            String name = args.value("name")
                    .orElseThrow(() -> new UsageException("missing flag --name (a label for the key)", SPEC.usage()));
            ObjectNode body = context.object().put("name", name);
            ArrayNode roles = body.putArray("roles");
            List<String> given = args.values("role");
            (given.isEmpty() ? List.of("developer") : given).forEach(roles::add);
            if (!args.values("scope").isEmpty()) {
                ArrayNode scopes = body.putArray("scopes");
                args.values("scope").forEach(scopes::add);
            }
            args.value("expires").ifPresent(v -> body.put("expiresAt", v));
            JsonNode created = context.api().post("/api/v1/api-keys", body);
            if (context.jsonOutput()) {
                context.printJson(created);
            } else {
                context.err("created API key " + Context.text(created, "name") + " (" + Context.text(created, "id")
                        + "), roles " + join(created.path("roles")) + "; store it now, it is shown only once:");
                context.io().out().println(Context.text(created, "key"));
            }
            return ExitCodes.OK;
        }
    }

    static final class RevokeKey implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "apikeys revoke", "revoke an API key; it stops working at once", List.of("ID"), List.of(), List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            String id = args.positionals().getFirst();
            if (!Lookup.isId(id)) {
                throw new UsageException(
                        "ID must be the key's id (apikeys list shows it), not '" + id + "'", SPEC.usage());
            }
            context.api().delete("/api/v1/api-keys/" + id);
            if (context.jsonOutput()) {
                context.printJson(context.object().put("id", id).put("revoked", true));
            } else {
                context.io().out().println("revoked API key " + id);
            }
            return ExitCodes.OK;
        }
    }

    private static String join(JsonNode array) {
        if (!array.isArray() || array.isEmpty()) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        array.forEach(v -> s.append(s.isEmpty() ? "" : ",").append(v.asString()));
        return s.toString();
    }
}
