package com.bl1nk.mockllm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * Command line entry of the standalone mock ({@code java -jar mock-llm-exec.jar}), used by {@code ./bl1nk up}, the
 * compose stack and benchmarks.
 */
public final class MockLlmMain {

    private static final String USAGE = """
            mock-llm: an OpenAI-compatible fake LLM provider.

            Options (--name=value or --name value; each also read from the environment variable in brackets,
            the option wins):
              --port=N                  port to listen on, 0 for any free one (MOCK_LLM_PORT, default 8090)
              --host=ADDR               address to bind (MOCK_LLM_HOST, default 127.0.0.1)
              --rules=FILE              JSON rules file (MOCK_LLM_RULES); without it the bundled demo rules are used
              --no-demo-rules           start without rules (every chat gets the echo answer)
              --require-key=KEY         require Authorization: Bearer KEY on /v1/* (MOCK_LLM_REQUIRE_KEY)
              --models=a,b,c            model ids for GET /v1/models (MOCK_LLM_MODELS)
              --embedding-dimension=N   default embedding length (MOCK_LLM_EMBEDDING_DIMENSION, default 384)
              --ttft-ms=N               time to first token (MOCK_LLM_TTFT_MS, default 0)
              --token-delay-ms=N        delay between streamed tokens (MOCK_LLM_TOKEN_DELAY_MS, default 0)
              --latency-ms=N            fixed extra latency per request (MOCK_LLM_LATENCY_MS, default 0)
              --max-body-bytes=N        request body limit, larger gets 413 (MOCK_LLM_MAX_BODY_BYTES, default 10 MB)
              --mcp-stdio               instead of HTTP, serve a tiny MCP server (one demo tool, get_weather) on
                                        stdin/stdout, as the first-start demo registers it
              --help                    print this text
            """;

    private MockLlmMain() {}

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options;
        try {
            options = parseArgs(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.containsKey("help")) {
            System.out.print(USAGE);
            return;
        }
        if (options.containsKey("mcp-stdio")) {
            try {
                McpStdioDemo.serve(System.in, System.out);
            } catch (java.io.IOException e) {
                System.exit(1);
            }
            return;
        }
        MockLlmConfig config;
        try {
            config = configFrom(options, System::getenv);
        } catch (RuntimeException e) {
            System.err.println("mock-llm: " + e.getMessage());
            System.exit(2);
            return;
        }
        MockLlmServer server = MockLlmServer.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("mock-llm listening on " + server.baseUrl() + " ("
                + config.rules().size() + " rules, models " + String.join(", ", config.models()) + ")");
        stopped.await();
    }

    static Map<String, String> parseArgs(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> known = List.of(
                "port",
                "host",
                "rules",
                "no-demo-rules",
                "require-key",
                "models",
                "embedding-dimension",
                "ttft-ms",
                "token-delay-ms",
                "latency-ms",
                "max-body-bytes",
                "mcp-stdio",
                "help");
        List<String> switches = List.of("no-demo-rules", "mcp-stdio", "help");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown option: --" + name);
            }
            if (eq >= 0) {
                options.put(name, arg.substring(eq + 1));
            } else if (switches.contains(name)) {
                options.put(name, "");
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                // Both --port=8090 and --port 8090 (as ./bl1nk passes it) work.
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
        }
        return options;
    }

    /** Builds the configuration from options, falling back to environment variables, then defaults. */
    static MockLlmConfig configFrom(Map<String, String> options, Function<String, String> env) {
        MockLlmConfig config = MockLlmConfig.defaults();
        String port = value(options, env, "port", "MOCK_LLM_PORT");
        if (port != null) {
            config = config.port(parseInt("port", port));
        }
        String host = value(options, env, "host", "MOCK_LLM_HOST");
        if (host != null) {
            config = config.host(host);
        }
        String key = value(options, env, "require-key", "MOCK_LLM_REQUIRE_KEY");
        if (key != null) {
            config = config.requireApiKey(key);
        }
        String models = value(options, env, "models", "MOCK_LLM_MODELS");
        if (models != null) {
            config = config.models(Arrays.stream(models.split(","))
                    .map(String::trim)
                    .filter(m -> !m.isEmpty())
                    .toList());
        }
        String dimension = value(options, env, "embedding-dimension", "MOCK_LLM_EMBEDDING_DIMENSION");
        if (dimension != null) {
            config = config.embeddingDimension(parseInt("embedding-dimension", dimension));
        }
        String ttft = value(options, env, "ttft-ms", "MOCK_LLM_TTFT_MS");
        if (ttft != null) {
            config = config.timeToFirstToken(Duration.ofMillis(parseInt("ttft-ms", ttft)));
        }
        String tokenDelay = value(options, env, "token-delay-ms", "MOCK_LLM_TOKEN_DELAY_MS");
        if (tokenDelay != null) {
            config = config.tokenDelay(Duration.ofMillis(parseInt("token-delay-ms", tokenDelay)));
        }
        String latency = value(options, env, "latency-ms", "MOCK_LLM_LATENCY_MS");
        if (latency != null) {
            config = config.extraLatency(Duration.ofMillis(parseInt("latency-ms", latency)));
        }
        String maxBody = value(options, env, "max-body-bytes", "MOCK_LLM_MAX_BODY_BYTES");
        if (maxBody != null) {
            config = config.maxRequestBodyBytes(parseInt("max-body-bytes", maxBody));
        }
        String rules = value(options, env, "rules", "MOCK_LLM_RULES");
        if (rules != null) {
            Path file = Path.of(rules);
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("rules file not readable: " + file.toAbsolutePath());
            }
            config = config.rules(RulesJson.load(file));
        } else if (!options.containsKey("no-demo-rules")) {
            config = config.rules(RulesJson.demoRules());
        }
        return config;
    }

    private static String value(
            Map<String, String> options, Function<String, String> env, String option, String variable) {
        String value = options.get(option);
        if (value == null) {
            value = env.apply(variable);
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int parseInt(String option, String value) {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw new IllegalArgumentException("--" + option + " must not be negative: " + value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " must be a number: " + value);
        }
    }
}
