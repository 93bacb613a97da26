package com.bl1nk.task.llm.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A tenant's own Bedrock provider (static AWS keys, endpoint override to a local fake) serves
 * {@code /v1/chat/completions}: the call is SigV4-signed with the tenant's keys and answered in OpenAI's shape.
 */
class BedrockProviderIT extends LlmItBase {

    @Test
    void tenantBedrockProviderAnswersThroughTheOpenAiApi() throws Exception {
        try (MockWebServer aws = new MockWebServer()) {
            aws.start(InetAddress.getLoopbackAddress(), 0);
            aws.enqueue(new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "application/json")
                    .body("""
                            {"output":{"message":{"role":"assistant","content":[{"text":"Hello from Bedrock"}]}},
                             "stopReason":"end_turn","usage":{"inputTokens":9,"outputTokens":4,"totalTokens":13}}
                            """)
                    .build());
            UUID tenant = UUID.randomUUID();
            String provider = """
                    {"name":"my-bedrock","kind":"bedrock","region":"eu-west-1","baseUrl":"http://127.0.0.1:%d",
                     "awsAccessKeyId":"AKIDTENANTEXAMPLE","awsSecretAccessKey":"tenant-secret-key",
                     "models":[{"id":"claude-haiku","upstreamId":"anthropic.claude-3-haiku-20240307-v1:0"}]}
                    """.formatted(aws.getPort());
            HttpResponse<String> created = post("/api/v1/providers", tenant, provider);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(created.body()).doesNotContain("tenant-secret-key").doesNotContain("AKIDTENANTEXAMPLE");
            assertThat(json(created).path("hasAwsKeys").asBoolean()).isTrue();

            HttpResponse<String> response = post("/v1/chat/completions", tenant, chat("claude-haiku", "hi", false));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Bl1nk-Provider")).hasValue("my-bedrock");
            JsonNode body = json(response);
            assertThat(body.path("choices")
                            .get(0)
                            .path("message")
                            .path("content")
                            .asString())
                    .isEqualTo("Hello from Bedrock");
            assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(9);
            RecordedRequest sent = aws.takeRequest(5, TimeUnit.SECONDS);
            assertThat(sent.getUrl().encodedPath()).contains("anthropic.claude-3-haiku-20240307-v1");
            assertThat(sent.getHeaders().get("Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDTENANTEXAMPLE/")
                    .contains("/eu-west-1/bedrock/aws4_request");
        }
    }
}
