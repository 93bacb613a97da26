package com.bl1nk.testsupport.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Two generated pages, checked against the committed ones so they never go stale (regenerate with
 * {@code ./bl1nk test -pl test-support -Dbl1nk.docs.update=true}): {@code docs/configuration.md}, every environment
 * variable the services' application.yml files, the {@code ./bl1nk} script and the environment providers read; and
 * {@code docs/troubleshooting.md}, every problem code of {@code docs/errors/*.md} in one table.
 */
class ConfigurationDocTests {

    private static final Path ROOT = root();
    private static final Pattern YML_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::([^}]*))?}");
    private static final Pattern SCRIPT_VARIABLE =
            Pattern.compile("\\$\\{((?:BL1NK|OPENROUTER|OPENAI|CLOUDFLARE|AWS|JAVA)_?[A-Z0-9_]*):[-+]([^}]*)}");
    private static final Pattern PROVIDER_VARIABLE = Pattern.compile("value\\(env, \"([A-Z][A-Z0-9_]*)\"\\)");
    private static final Pattern ERROR_ROW = Pattern.compile("^\\| `([a-z0-9_]+)` \\| ([^|]+) \\| (.+) \\|$");

    /** What the script's own variables mean (the script reads them; the services never see most of them). */
    private static final Map<String, String> SCRIPT_MEANINGS = Map.ofEntries(
            Map.entry("BL1NK_PG_URL", "Postgres for `up`/`test`, `postgres://user[:password]@host:port/db`"),
            Map.entry("BL1NK_REDIS_URL", "Redis for `up`/`test`, `redis://host:port`"),
            Map.entry("BL1NK_STATE_DIR", "where `up` keeps pids, logs, keys, secrets and the demo key"),
            Map.entry("BL1NK_PORT_OFFSET", "shifts every port (8080 + offset, ...), to run beside another platform"),
            Map.entry("BL1NK_DB_POOL", "database connections per service"),
            Map.entry("BL1NK_UP_TIMEOUT", "seconds `up` waits for every service to be healthy"),
            Map.entry("BL1NK_SKIP_BUILD", "non-empty: `up` uses the jars as built, without rebuilding"),
            Map.entry("BL1NK_REDIS_KEY_PREFIX", "a Redis key prefix for a platform sharing Redis (tests)"),
            Map.entry(
                    "BL1NK_LLM_MODE",
                    "`mock` or `providers`; when unset, `up` picks `providers` if a provider variable is set, else"
                            + " `mock`; a value you set wins"),
            Map.entry("BL1NK_DEMO", "`false`: `up` does not create the demo tenant on first start"),
            Map.entry(
                    "BL1NK_MCP_CONNECT_STDIO_ALLOWEDCOMMANDS",
                    "command lines tenants may run as stdio MCP servers (comma-separated); `up` adds the demo's"),
            Map.entry("BL1NK_ADMIN_KEY", "a platform admin key for `./bl1nk demo` (completes the demo)"),
            Map.entry("BL1NK_LLM_BASE_URL", "an OpenAI-compatible server (Ollama, vLLM) as platform provider `custom`"),
            Map.entry("OPENROUTER_API_KEY", "OpenRouter as platform provider `openrouter`; leaves mock mode"),
            Map.entry("OPENAI_API_KEY", "OpenAI as platform provider `openai`; leaves mock mode"),
            Map.entry("CLOUDFLARE_AI_GATEWAY_URL", "a Cloudflare AI Gateway `/compat` URL as provider `cloudflare`"),
            Map.entry("AWS_BEDROCK_REGION", "AWS Bedrock in this region as provider `bedrock` (default credentials)"),
            Map.entry("JAVA_HOME", "the JDK (21 or newer) `./bl1nk` runs; else java on PATH, else /usr/lib/jvm"));

    @Test
    void theConfigurationTableListsEveryEnvironmentVariableAndIsCommitted() throws IOException {
        String doc = configurationDoc();

        assertThat(doc).contains("`BL1NK_LLM_MODE`", "`OPENROUTER_API_KEY`", "`BL1NK_DEMO`", "`SPRING_DATASOURCE_URL`");
        assertGenerated("docs/configuration.md", doc);
    }

    @Test
    void theTroubleshootingPageListsEveryProblemCodeAndIsCommitted() throws IOException {
        String doc = troubleshootingDoc();

        assertThat(doc).contains("`model_not_priced`", "`invalid_request`", "`budget_exceeded`");
        assertGenerated("docs/troubleshooting.md", doc);
    }

    /** One row per variable: who reads it, its default and what it does. */
    static String configurationDoc() throws IOException {
        Map<String, Row> rows = new TreeMap<>();
        List<Path> ymls;
        try (Stream<Path> files = Files.list(ROOT)) {
            ymls = files.map(m -> m.resolve("src/main/resources/application.yml"))
                    .filter(Files::exists)
                    .sorted()
                    .toList();
        }
        for (Path yml : ymls) {
            String service = yml.getName(yml.getNameCount() - 5).toString();
            readYml(service, Files.readAllLines(yml, StandardCharsets.UTF_8), rows);
        }
        for (String line : Files.readAllLines(ROOT.resolve("bl1nk"), StandardCharsets.UTF_8)) {
            Matcher m = SCRIPT_VARIABLE.matcher(line);
            while (m.find()) {
                String name = m.group(1);
                String fallback = m.group(0).contains(":+") ? "" : m.group(2).replace("$ROOT", "<repository>");
                rows.computeIfAbsent(name, n -> new Row()).add("`./bl1nk`", fallback, SCRIPT_MEANINGS.get(name));
            }
        }
        Path providers =
                ROOT.resolve("task-service/src/main/java/com/bl1nk/task/llm/provider/EnvironmentProviders.java");
        Matcher m = PROVIDER_VARIABLE.matcher(Files.readString(providers, StandardCharsets.UTF_8));
        while (m.find()) {
            rows.computeIfAbsent(m.group(1), n -> new Row())
                    .add("task-service", "", "platform provider from the environment (see task-service/README.md)");
        }
        StringBuilder out = new StringBuilder();
        out.append("# Configuration: every environment variable\n\n")
                .append(
                        "Generated by test-support's `ConfigurationDocTests` from each service's `application.yml`, the")
                .append(" `./bl1nk` script and task-service's `EnvironmentProviders` (do not edit; regenerate with")
                .append(" `./bl1nk test -pl test-support -Dbl1nk.docs.update=true`). Every `bl1nk.*` property can")
                .append(" also be set as an environment variable by Spring's relaxed binding (e.g.")
                .append(" `bl1nk.net.allowed-hosts` as `BL1NK_NET_ALLOWEDHOSTS`); each service's README lists its")
                .append(" properties.\n\n")
                .append("| variable | read by | default | what it sets |\n|---|---|---|---|\n");
        for (Map.Entry<String, Row> e : rows.entrySet()) {
            Row r = e.getValue();
            out.append("| `")
                    .append(e.getKey())
                    .append("` | ")
                    .append(String.join(", ", r.readers))
                    .append(" | ")
                    .append(r.fallback == null || r.fallback.isEmpty() ? "" : "`" + cell(r.fallback) + "`")
                    .append(" | ")
                    .append(cell(String.join("; ", r.meanings)))
                    .append(" |\n");
        }
        return out.toString();
    }

    /** The variables of one application.yml, each with the property it sets and the comment above it. */
    private static void readYml(String service, List<String> lines, Map<String, Row> rows) {
        List<String> path = new ArrayList<>();
        List<Integer> indents = new ArrayList<>();
        List<String> comment = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                comment.clear();
                continue;
            }
            if (trimmed.startsWith("#")) {
                comment.add(trimmed.substring(1).strip());
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            int colon = trimmed.indexOf(':');
            boolean key = !trimmed.startsWith("-") && colon > 0;
            if (key) {
                while (!indents.isEmpty() && indents.getLast() >= indent) {
                    indents.removeLast();
                    path.removeLast();
                }
                indents.add(indent);
                path.add(trimmed.substring(0, colon));
            }
            String meaning =
                    "`" + String.join(".", path) + "`" + (comment.isEmpty() ? "" : ": " + String.join(" ", comment));
            placeholders(
                    trimmed,
                    (name, fallback) ->
                            rows.computeIfAbsent(name, n -> new Row()).add(service, fallback, meaning));
            comment.clear();
        }
    }

    /** Each {@code ${NAME:default}} in {@code text}, nested ones too ({@code ${A:x${B:y}z}}). */
    static void placeholders(String text, java.util.function.BiConsumer<String, String> found) {
        int i = text.indexOf("${");
        while (i >= 0) {
            int depth = 0;
            int end = -1;
            for (int j = i; j < text.length(); j++) {
                if (text.startsWith("${", j)) {
                    depth++;
                    j++;
                } else if (text.charAt(j) == '}' && --depth == 0) {
                    end = j;
                    break;
                }
            }
            if (end < 0) {
                return;
            }
            String inner = text.substring(i + 2, end);
            int colon = inner.indexOf(':');
            String name = colon < 0 ? inner : inner.substring(0, colon);
            if (YML_VARIABLE.matcher("${" + name + "}").matches()) {
                String fallback = colon < 0 ? null : inner.substring(colon + 1);
                found.accept(name, fallback);
                if (fallback != null) {
                    placeholders(fallback, found);
                }
            }
            i = text.indexOf("${", end);
        }
    }

    /** Every problem code of every service, alphabetically, with its status, who answers it and what it means. */
    static String troubleshootingDoc() throws IOException {
        Map<String, List<String[]>> byCode = new TreeMap<>();
        List<Path> docs;
        try (Stream<Path> files = Files.list(ROOT.resolve("docs/errors"))) {
            docs = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        for (Path doc : docs) {
            String service = doc.getFileName().toString().replace(".md", "");
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                Matcher m = ERROR_ROW.matcher(line.strip());
                if (m.matches()) {
                    byCode.computeIfAbsent(m.group(1), c -> new ArrayList<>()).add(new String[] {
                        m.group(2).strip(), service, m.group(3).strip()
                    });
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("# Troubleshooting: every problem code\n\n")
                .append("Generated by test-support's `ConfigurationDocTests` from [docs/errors](errors/) (do not edit;")
                .append(" regenerate with `./bl1nk test -pl test-support -Dbl1nk.docs.update=true`). Every error")
                .append(" body names its `code` (problem+json; `error.code` in OpenAI's shape under `/v1`) and a")
                .append(" `traceId` to find the log line; look the code up here. `field`/`errors` (OpenAI: `param`)")
                .append(" name what to change.\n\n")
                .append("First steps: `./bl1nk status` (what runs), `./bl1nk logs <service>` (search the traceId),")
                .append(" [configuration.md](configuration.md) (every setting). Common first-hour answers:")
                .append(" `model_not_priced`: price the model (`POST /api/v1/prices`, see task-service/README.md);")
                .append(" `unauthenticated`: a lost admin key is replaced by `./bl1nk admin-key`; a tenant URL")
                .append(" refused by the SSRF guard: `BL1NK_NET_ALLOWEDHOSTS`.\n\n")
                .append("| code | status | answered by | what it means, what to do |\n|---|---|---|---|\n");
        for (Map.Entry<String, List<String[]>> e : byCode.entrySet()) {
            Map<String, List<String>> byMeaning = new LinkedHashMap<>();
            for (String[] row : e.getValue()) {
                byMeaning
                        .computeIfAbsent(row[0] + " | " + "%s" + " | " + row[2], k -> new ArrayList<>())
                        .add(row[1].equals("common") ? "any service" : row[1]);
            }
            for (Map.Entry<String, List<String>> m : byMeaning.entrySet()) {
                out.append("| [`")
                        .append(e.getKey())
                        .append("`](errors/")
                        .append(
                                m.getValue().contains("any service")
                                        ? "common"
                                        : m.getValue().getFirst())
                        .append(".md) | ")
                        .append(m.getKey().formatted(String.join(", ", m.getValue())))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    private static void assertGenerated(String relative, String doc) throws IOException {
        Path file = ROOT.resolve(relative);
        if (Boolean.getBoolean("bl1nk.docs.update")) {
            Files.writeString(file, doc, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file)
                .as("%s is missing: regenerate with -Dbl1nk.docs.update=true", relative)
                .exists();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as(
                        "%s is out of date: regenerate with ./bl1nk test -pl test-support -Dbl1nk.docs.update=true",
                        relative)
                .isEqualTo(doc);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bl1nk"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the bl1nk repository");
        }
        return dir;
    }

    /** What is known of one variable, gathered from every place that reads it. */
    private static final class Row {
        final List<String> readers = new ArrayList<>();
        final List<String> meanings = new ArrayList<>();
        String fallback;

        void add(String reader, String fallbackValue, String meaning) {
            if (!readers.contains(reader)) {
                readers.add(reader);
            }
            if (fallback == null && fallbackValue != null) {
                fallback = fallbackValue;
            }
            if (meaning != null && !meanings.contains(meaning)) {
                meanings.add(meaning);
            }
        }
    }
}
