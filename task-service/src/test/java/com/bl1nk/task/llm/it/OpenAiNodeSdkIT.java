package com.bl1nk.task.llm.it;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.bl1nk.mockllm.MockTokenizer;
import com.bl1nk.mockllm.Rule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The official {@code openai} npm SDK, run by the machine's Node.js, completes a chat, a streamed chat and a tool call
 * against task-service's OpenAI-compatible API. It calls task-service directly with an identity header (the
 * through-the-gateway variant belongs to the gateway's tests); the SDK is installed by npm into
 * {@code target/openai-node} once and reused (npm's cache keeps later installs offline).
 */
class OpenAiNodeSdkIT extends LlmItBase {

    /** Newest SDK line that still runs on Node 20 (7.x needs Node 22). */
    static final String SDK_VERSION = "6.49.0";

    static final Path WORK = Path.of("target", "openai-node").toAbsolutePath();

    @BeforeAll
    static void installSdk() throws Exception {
        assumeTrue(run(List.of("node", "--version"), WORK.getParent(), 30).exitCode == 0, "node is not installed");
        Files.createDirectories(WORK);
        Path installed = WORK.resolve("node_modules/openai/package.json");
        if (!Files.exists(installed) || !Files.readString(installed).contains("\"version\": \"" + SDK_VERSION + "\"")) {
            Files.writeString(
                    WORK.resolve("package.json"),
                    "{\"name\":\"bl1nk-sdk-check\",\"private\":true,\"type\":\"module\"}");
            Result npm = run(
                    List.of("npm", "install", "--no-audit", "--no-fund", "--prefer-offline", "openai@" + SDK_VERSION),
                    WORK,
                    300);
            assertThat(npm.exitCode).as("npm install failed: " + npm.output).isZero();
        }
        try (InputStream script = OpenAiNodeSdkIT.class.getResourceAsStream("/openai-sdk/sdk-check.mjs")) {
            Files.copy(script, WORK.resolve("sdk-check.mjs"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void officialSdkCompletesChatStreamAndToolCall() throws Exception {
        MOCK_A.setRules(
                Rule.whenLastMessageContains("weather")
                        .fromRole("user")
                        .replyToolCall("get_weather", "{\"city\":\"Paris\"}"),
                Rule.always().fromRole("tool").replyText("It is 21 degrees in Paris."),
                Rule.whenLastMessageContains("Stream").replyText("chunks for the SDK"),
                Rule.always().replyText("Hello, SDK!"));

        ProcessBuilder pb = new ProcessBuilder("node", "sdk-check.mjs").directory(WORK.toFile());
        pb.environment().put("BASE_URL", "http://127.0.0.1:" + port + "/v1");
        pb.environment().put("IDENTITY", token(TENANT_A));
        pb.environment().put("MODEL", "mock-a/mock-gpt");
        Result result = run(pb, 120);

        assertThat(result.exitCode).as(result.output).isZero();
        String last = result.output.strip().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode out = JSON.readTree(last);

        assertThat(out.path("chat").path("content").asString()).isEqualTo("Hello, SDK!");
        assertThat(out.path("chat").path("finishReason").asString()).isEqualTo("stop");
        assertThat(out.path("chat").path("completionTokens").asInt()).isEqualTo(MockTokenizer.count("Hello, SDK!"));
        assertThat(out.path("chat").path("provider").asString()).isEqualTo("mock-a");
        assertThat(out.path("chat").path("model").asString()).isEqualTo("mock-gpt");

        assertThat(out.path("stream").path("text").asString()).isEqualTo("chunks for the SDK");
        assertThat(out.path("stream").path("chunks").asInt()).isGreaterThan(2);
        assertThat(out.path("stream").path("completionTokens").asInt())
                .isEqualTo(MockTokenizer.count("chunks for the SDK"));

        assertThat(out.path("tool").path("name").asString()).isEqualTo("get_weather");
        assertThat(out.path("tool").path("arguments").path("city").asString()).isEqualTo("Paris");
        assertThat(out.path("tool").path("finishReason").asString()).isEqualTo("tool_calls");
        assertThat(out.path("tool").path("answer").asString()).isEqualTo("It is 21 degrees in Paris.");

        assertThat(out.path("error").path("thrown").asBoolean()).isTrue();
        assertThat(out.path("error").path("status").asInt()).isEqualTo(404);
        assertThat(out.path("error").path("isNotFound").asBoolean()).isTrue();
        assertThat(out.path("error").path("code").asString()).isEqualTo("model_not_found");

        assertThat(out.path("models").valueStream().map(JsonNode::asString)).contains("mock-gpt");
    }

    record Result(int exitCode, String output) {}

    static Result run(List<String> command, Path dir, int timeoutSeconds) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command).directory(dir.toFile()), timeoutSeconds);
    }

    static Result run(ProcessBuilder pb, int timeoutSeconds) throws IOException, InterruptedException {
        pb.redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        byte[] output;
        try (InputStream in = process.getInputStream()) {
            output = in.readAllBytes();
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(124, "timed out: " + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
