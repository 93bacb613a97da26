package com.bl1nk.cli;

import com.bl1nk.cli.api.ApiClient;
import com.bl1nk.cli.api.ApiError;
import com.bl1nk.cli.args.Args;
import com.bl1nk.cli.args.CommandSpec;
import com.bl1nk.cli.config.ConfigStore;
import com.bl1nk.cli.config.Credentials;
import com.bl1nk.cli.progress.ProgressBoard;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What a running command needs: streams, JSON, the login, an API client, progress; built once per invocation. */
public final class Context {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final Io io;
    private final JsonMapper json;
    private final ConfigStore config;
    private final Args args;
    private final CommandSpec spec;
    private ApiClient api;

    Context(Io io, JsonMapper json, ConfigStore config, Args args, CommandSpec spec) {
        this.io = io;
        this.json = json;
        this.config = config;
        this.args = args;
        this.spec = spec;
    }

    public Io io() {
        return io;
    }

    public JsonMapper json() {
        return json;
    }

    public ConfigStore config() {
        return config;
    }

    /** Whether {@code --json} was given: only JSON on stdout. */
    public boolean jsonOutput() {
        return args.has("json");
    }

    /** The usage line of the running command, for usage errors found after parsing. */
    public String usage() {
        return spec.usage();
    }

    /** URL and key for this call (flag, environment, login file). */
    public Credentials credentials() {
        return config.resolve(args.value("url").orElse(null));
    }

    /** The API client; a clear error when no key is configured anywhere. */
    public ApiClient api() {
        if (api == null) {
            Credentials c = credentials();
            if (c.key() == null) {
                throw new ApiError(
                        0,
                        "no API key: run ./bl1nk login --url " + c.url()
                                + " --key KEY (the key ./bl1nk up printed), or set BL1NK_API_KEY",
                        null);
            }
            api = new ApiClient(c.url(), c.key(), timeout(), json);
        }
        return api;
    }

    /** An API client for an explicit URL and key (login checks a key before saving it). */
    public ApiClient api(String url, String key) {
        return new ApiClient(url, key, timeout(), json);
    }

    /** Progress on stderr, bars only on a terminal. */
    public ProgressBoard progress() {
        return new ProgressBoard(io.err(), io.tty(), System::nanoTime);
    }

    /** Prints a JSON value on stdout (pretty, one document). */
    public void printJson(Object value) {
        io.out().println(json.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    }

    /** Prints a JSON value on stdout as one line (for streams of values, NDJSON). */
    public void printJsonLine(Object value) {
        io.out().println(json.writeValueAsString(value));
        io.out().flush();
    }

    /** A note on stderr (never mixed into the command's output). */
    public void err(String line) {
        io.err().println(line);
    }

    /** A JSON object node to build output in. */
    public tools.jackson.databind.node.ObjectNode object() {
        return json.createObjectNode();
    }

    /** The text of a field, or {@code null} when it is absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.isString() ? v.asString() : v.toString();
    }

    private Duration timeout() {
        String seconds = io.env().get("BL1NK_TIMEOUT");
        if (seconds == null || seconds.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(seconds.strip())));
        } catch (NumberFormatException e) {
            return DEFAULT_TIMEOUT;
        }
    }
}
