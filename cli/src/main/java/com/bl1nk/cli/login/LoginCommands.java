package com.bl1nk.cli.login;

import com.bl1nk.cli.Command;
import com.bl1nk.cli.Context;
import com.bl1nk.cli.ExitCodes;
import com.bl1nk.cli.api.ApiError;
import com.bl1nk.cli.args.Args;
import com.bl1nk.cli.args.CommandSpec;
import com.bl1nk.cli.args.Flag;
import com.bl1nk.cli.args.UsageException;
import com.bl1nk.cli.config.Credentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** {@code login} (check a key and keep it), {@code logout} and {@code whoami}: where the client calls and as whom. */
public final class LoginCommands {

    private LoginCommands() {}

    public static List<Command> all() {
        return List.of(new Login(), new Logout(), new WhoAmI());
    }

    /** Checks the key against the platform, then stores URL and key in the config file (mode 600). */
    static final class Login implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "login",
                "check an API key against the platform and keep it with the URL in the config file (mode 600)",
                List.of(),
                List.of(),
                List.of(
                        Flag.value(
                                "key",
                                "KEY",
                                "the API key (bl1nk_...); '-' reads it from stdin, keeping it out of"
                                        + " shell history"),
                        Flag.bool("no-verify", "store without asking the platform whether the key works")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) throws IOException {
            String key = args.value("key")
                    .orElseThrow(() -> new UsageException("missing flag --key (the API key)", SPEC.usage()));
            if (key.equals("-")) {
                key = new BufferedReader(new InputStreamReader(context.io().in(), StandardCharsets.UTF_8)).readLine();
                if (key == null || key.isBlank()) {
                    throw new UsageException("--key - read no key from stdin", SPEC.usage());
                }
            }
            key = key.strip();
            if (!key.startsWith("bl1nk_")) {
                throw new UsageException("--key must be a bl1nk API key (bl1nk_<prefix>_<secret>)", SPEC.usage());
            }
            Credentials before = context.credentials();
            String url = before.url();
            String warning = null;
            if (!args.has("no-verify")) {
                try {
                    context.api(url, key).get("/api/v1/agents?limit=1");
                } catch (ApiError e) {
                    if (e.status() == 401) {
                        throw new ApiError(
                                401,
                                "the platform at " + url + " does not accept this key: " + e.getMessage(),
                                e.traceId());
                    }
                    if (e.status() != 403) {
                        throw e;
                    }
                    warning = "the key works but may not read agents (its role or scopes); kept anyway";
                }
            }
            context.config().save(url, key);
            String envWins = context.io().env().get("BL1NK_API_KEY") != null
                    ? "BL1NK_API_KEY is set in this shell and wins over the saved key"
                    : null;
            if (context.jsonOutput()) {
                ObjectNode out = context.object()
                        .put("url", url)
                        .put("key", Credentials.mask(key))
                        .put("config", context.config().file().toString())
                        .put("verified", !args.has("no-verify"));
                context.printJson(out);
            } else {
                context.io()
                        .out()
                        .println("logged in to " + url + " with key " + Credentials.mask(key) + " (saved in "
                                + context.config().file() + ", mode 600)");
            }
            for (String note : new String[] {warning, envWins}) {
                if (note != null) {
                    context.io().err().println("note: " + note);
                }
            }
            return ExitCodes.OK;
        }
    }

    /** Forgets the stored key. */
    static final class Logout implements Command {

        private static final CommandSpec SPEC =
                new CommandSpec("logout", "forget the key stored by login", List.of(), List.of(), List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) throws IOException {
            boolean had = context.config().forgetKey();
            if (context.jsonOutput()) {
                context.printJson(context.object().put("forgotten", had));
            } else {
                context.io()
                        .out()
                        .println(
                                had
                                        ? "logged out (key removed from "
                                                + context.config().file() + ")"
                                        : "no stored key in " + context.config().file());
            }
            return ExitCodes.OK;
        }
    }

    /** Which URL and key (masked) the next call would use, and where each comes from. */
    static final class WhoAmI implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "whoami",
                "which URL and key the client uses, and where they come from",
                List.of(),
                List.of(),
                List.of());

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            Credentials c = context.credentials();
            if (context.jsonOutput()) {
                context.printJson(context.object()
                        .put("url", c.url())
                        .put("urlSource", c.urlSource())
                        .put("key", c.key() == null ? null : c.maskedKey())
                        .put("keySource", c.keySource()));
            } else {
                context.io().out().println("url: " + c.url() + " (from " + c.urlSource() + ")");
                context.io()
                        .out()
                        .println("key: "
                                + (c.key() == null
                                        ? "none (./bl1nk login --key KEY)"
                                        : c.maskedKey() + " (from " + c.keySource() + ")"));
            }
            return ExitCodes.OK;
        }
    }
}
