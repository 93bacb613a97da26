package com.bl1nk.gateway.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mode {@code ./bl1nk up} starts task-service in, and the routing summary it prints, checked by running the real
 * script's functions in bash (everything above its command dispatch, so nothing is started): no provider key means
 * mock mode, a key means provider mode, and a mode the user set wins over both.
 */
class UpProviderModeTests {

    private static final Path SCRIPT = Path.of("..", "bl1nk").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void noProviderKeyMeansMockMode() throws Exception {
        assertThat(run("provider_mode", Map.of())).isEqualTo("mock");
    }

    @Test
    void anOpenRouterKeyLeavesMockMode() throws Exception {
        assertThat(run("provider_mode", Map.of("OPENROUTER_API_KEY", "sk-or-test")))
                .isEqualTo("providers");
        assertThat(run("provider_mode", Map.of("BL1NK_LLM_BASE_URL", "http://127.0.0.1:11434/v1")))
                .isEqualTo("providers");
    }

    @Test
    void aModeTheUserSetWinsOverWhatTheKeysSuggest() throws Exception {
        assertThat(run("provider_mode", Map.of("BL1NK_LLM_MODE", "mock", "OPENROUTER_API_KEY", "sk-or-test")))
                .isEqualTo("mock");
        assertThat(run("provider_mode", Map.of("BL1NK_LLM_MODE", "providers"))).isEqualTo("providers");
    }

    @Test
    void taskServiceIsStartedWithTheUsersMode() throws Exception {
        String serviceEnv = "PG_HOST=127.0.0.1 PG_PORT=5432 PG_DB=bl1nk REDIS_HOST=127.0.0.1 REDIS_PORT=6379"
                + " BL1NK_MASTER_KEY=k; service_env task-service; printf '%s\\n' \"${SERVICE_ENV[@]}\""
                + " | grep '^BL1NK_LLM_MODE='";

        assertThat(run(serviceEnv, Map.of("BL1NK_LLM_MODE", "mock", "OPENROUTER_API_KEY", "sk-or-test")))
                .isEqualTo("BL1NK_LLM_MODE=mock");
        assertThat(run(serviceEnv, Map.of("OPENROUTER_API_KEY", "sk-or-test"))).isEqualTo("BL1NK_LLM_MODE=providers");
        assertThat(run(serviceEnv, Map.of())).isEqualTo("BL1NK_LLM_MODE=mock");
    }

    @Test
    void theRoutingSummaryIsTheRouteLinesTaskServiceLogged() throws Exception {
        Path log = temp.resolve("task-service.log");
        Files.writeString(log, """
                2026-12-04T10:00:00.000Z  INFO 1 --- [main] c.b.t.llm.routing.RoutingSummary : LLM route: \
                openai/gpt-4o-mini -> openrouter (openai_compatible), $0.15 in / $0.6 out per million tokens
                2026-12-04T10:00:00.001Z  INFO 1 --- [main] c.b.t.l.p.ProviderConfiguration : LLM mode: providers
                2026-12-04T10:00:00.002Z  INFO 1 --- [main] c.b.t.llm.routing.RoutingSummary : LLM route: \
                qwen2.5 -> custom (openai_compatible), NO PRICE: calls are refused with 422 model_not_priced
                """);

        String summary = run("routing_summary '" + log + "'", Map.of());

        assertThat(summary.lines().map(String::strip))
                .containsExactly(
                        "openai/gpt-4o-mini -> openrouter (openai_compatible), $0.15 in / $0.6 out per million tokens",
                        "qwen2.5 -> custom (openai_compatible), NO PRICE: calls are refused with 422"
                                + " model_not_priced");
        assertThat(run("routing_summary '" + temp.resolve("missing.log") + "'", Map.of()))
                .isEmpty();
    }

    /** Runs {@code command} in bash after loading the script's functions, with only PATH, HOME and {@code env}. */
    private String run(String command, Map<String, String> env) throws IOException, InterruptedException {
        Path functions = temp.resolve("bl1nk-functions.sh");
        String script = Files.readString(SCRIPT);
        int dispatch = script.indexOf("\ncase \"${1:-}\" in\n");
        assertThat(dispatch).as("the script ends with its command dispatch").isPositive();
        Files.writeString(functions, script.substring(0, dispatch + 1));
        ProcessBuilder builder =
                new ProcessBuilder("bash", "-c", "source '" + functions + "' && " + command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        Map<String, String> kept = new HashMap<>();
        kept.put("PATH", System.getenv("PATH"));
        kept.put("HOME", temp.toString());
        kept.put("BL1NK_STATE_DIR", temp.resolve("state").toString());
        environment.clear();
        environment.putAll(kept);
        environment.putAll(env);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.strip();
    }
}
