package com.bl1nk.task.llm.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.net.NetGuardProperties;
import com.bl1nk.common.net.UrlGuard;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Bedrock Converse and ConverseStream through the AWS SDK against a local fake endpoint: SigV4-signed requests, the
 * OpenAI request translated to Converse, and the answers translated back (text, tool calls, usage).
 */
class BedrockConverseClientTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final CallTimeouts TIMEOUTS =
            new CallTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(20));

    private MockWebServer aws;
    private BedrockConverseClient client;
    private ProviderConfig provider;

    @BeforeEach
    void start() throws Exception {
        aws = new MockWebServer();
        aws.start(InetAddress.getLoopbackAddress(), 0);
        client = new BedrockConverseClient(
                new UrlGuard(new NetGuardProperties(List.of(), false)), JSON, Duration.ofSeconds(2));
        provider = new ProviderConfig(
                "platform:bedrock",
                "bedrock",
                ProviderKind.BEDROCK,
                null,
                null,
                "http://127.0.0.1:" + aws.getPort(),
                null,
                Map.of(),
                "us-east-1",
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                List.of(ModelDefinition.of(MODEL)));
    }

    @AfterEach
    void stop() {
        client.close();
        aws.close();
    }

    @Test
    void converseCallIsSignedWithSigV4AndTranslatedBothWays() throws Exception {
        aws.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("""
                        {"output":{"message":{"role":"assistant","content":[{"text":"Bonjour!"}]}},
                         "stopReason":"end_turn","usage":{"inputTokens":12,"outputTokens":3,"totalTokens":15},
                         "metrics":{"latencyMs":42}}
                        """)
                .build());
        ObjectNode request = request("Say hello in French");
        request.put("max_tokens", 50);
        request.put("temperature", 0.3);

        ObjectNode completion = client.complete(provider, request, TIMEOUTS);

        assertThat(completion.path("object").asString()).isEqualTo("chat.completion");
        assertThat(completion
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asString())
                .isEqualTo("Bonjour!");
        assertThat(completion.path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("stop");
        assertThat(completion.path("usage").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(completion.path("usage").path("completion_tokens").asInt()).isEqualTo(3);

        RecordedRequest sent = aws.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent.getUrl().encodedPath()).isEqualTo("/model/" + MODEL.replace(":", "%3A") + "/converse");
        assertSigV4(sent);
        JsonNode body = JSON.readTree(sent.getBody().utf8());
        assertThat(body.path("system").get(0).path("text").asString()).isEqualTo("Be brief.");
        assertThat(body.path("messages").get(0).path("role").asString()).isEqualTo("user");
        assertThat(body.path("messages")
                        .get(0)
                        .path("content")
                        .get(0)
                        .path("text")
                        .asString())
                .isEqualTo("Say hello in French");
        assertThat(body.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(50);
    }

    @Test
    void converseToolUseBecomesAnOpenAiToolCallAndToolResultsGoBack() throws Exception {
        aws.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body("""
                        {"output":{"message":{"role":"assistant","content":[
                           {"toolUse":{"toolUseId":"tooluse_1","name":"get_weather","input":{"city":"Paris"}}}]}},
                         "stopReason":"tool_use","usage":{"inputTokens":30,"outputTokens":9,"totalTokens":39}}
                        """)
                .build());
        ObjectNode request = request("Weather in Paris?");
        ObjectNode fn =
                request.putArray("tools").addObject().put("type", "function").putObject("function");
        fn.put("name", "get_weather");
        fn.putObject("parameters").put("type", "object");
        ObjectNode assistant = request.withArray("messages").addObject();
        assistant.put("role", "assistant");
        assistant.putNull("content");
        ObjectNode call = assistant.putArray("tool_calls").addObject();
        call.put("id", "tooluse_0");
        call.put("type", "function");
        call.putObject("function").put("name", "get_weather").put("arguments", "{\"city\":\"Lyon\"}");
        request.withArray("messages")
                .addObject()
                .put("role", "tool")
                .put("tool_call_id", "tooluse_0")
                .put("content", "sunny");
        request.withArray("messages").addObject().put("role", "user").put("content", "And Paris?");

        ObjectNode completion = client.complete(provider, request, TIMEOUTS);

        JsonNode toolCall = completion
                .path("choices")
                .get(0)
                .path("message")
                .path("tool_calls")
                .get(0);
        assertThat(toolCall.path("id").asString()).isEqualTo("tooluse_1");
        assertThat(toolCall.path("function").path("name").asString()).isEqualTo("get_weather");
        assertThat(JSON.readTree(toolCall.path("function").path("arguments").asString()))
                .isEqualTo(JSON.readTree("{\"city\":\"Paris\"}"));
        assertThat(completion.path("choices").get(0).path("finish_reason").asString())
                .isEqualTo("tool_calls");

        JsonNode body =
                JSON.readTree(aws.takeRequest(5, TimeUnit.SECONDS).getBody().utf8());
        assertThat(body.path("toolConfig")
                        .path("tools")
                        .get(0)
                        .path("toolSpec")
                        .path("name")
                        .asString())
                .isEqualTo("get_weather");
        JsonNode messages = body.path("messages");
        assertThat(messages.get(1)
                        .path("content")
                        .get(0)
                        .path("toolUse")
                        .path("toolUseId")
                        .asString())
                .isEqualTo("tooluse_0");
        // the tool result and the next user message merge into one user turn, as Bedrock requires
        assertThat(messages.get(2).path("role").asString()).isEqualTo("user");
        assertThat(messages.get(2)
                        .path("content")
                        .get(0)
                        .path("toolResult")
                        .path("toolUseId")
                        .asString())
                .isEqualTo("tooluse_0");
        assertThat(messages.get(2).path("content").get(1).path("text").asString())
                .isEqualTo("And Paris?");
    }

    @Test
    void converseStreamEventsBecomeOpenAiChunksWithUsage() throws Exception {
        Buffer events = new Buffer();
        events.write(event("messageStart", "{\"role\":\"assistant\"}"));
        events.write(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Bon\"}}"));
        events.write(event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"jour\"}}"));
        events.write(event("contentBlockStop", "{\"contentBlockIndex\":0}"));
        events.write(event("messageStop", "{\"stopReason\":\"end_turn\"}"));
        events.write(event(
                "metadata",
                "{\"usage\":{\"inputTokens\":7,\"outputTokens\":2,\"totalTokens\":9},\"metrics\":{\"latencyMs\":5}}"));
        aws.enqueue(new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/vnd.amazon.eventstream")
                .body(events)
                .build());

        List<JsonNode> chunks = new ArrayList<>();
        try (ChatStream stream = client.stream(provider, request("Say hello"), TIMEOUTS)) {
            for (String chunk = stream.next(); chunk != null; chunk = stream.next()) {
                chunks.add(JSON.readTree(chunk));
            }
        }

        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> c.path("choices")
                .forEach(ch -> text.append(ch.path("delta").path("content").asString(""))));
        assertThat(text.toString()).isEqualTo("Bonjour");
        assertThat(chunks)
                .anySatisfy(c -> assertThat(
                                c.path("choices").path(0).path("finish_reason").asString(""))
                        .isEqualTo("stop"));
        JsonNode usage = chunks.getLast().path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(7);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(2);

        RecordedRequest sent = aws.takeRequest(5, TimeUnit.SECONDS);
        assertThat(sent.getUrl().encodedPath()).endsWith("/converse-stream");
        assertSigV4(sent);
    }

    @Test
    void aTenantEndpointIsCheckedOnEveryCallSoARebindingNameIsRefused() {
        java.util.concurrent.atomic.AtomicReference<String> dns =
                new java.util.concurrent.atomic.AtomicReference<>("93.184.216.34");
        BedrockConverseClient guarded = new BedrockConverseClient(
                new UrlGuard(new NetGuardProperties(List.of(), false), host ->
                        new InetAddress[] {InetAddress.getByName(dns.get())}),
                JSON,
                Duration.ofSeconds(1));
        ProviderConfig tenants = new ProviderConfig(
                "tenant:bedrock",
                "bedrock",
                ProviderKind.BEDROCK,
                java.util.UUID.randomUUID(),
                java.util.UUID.randomUUID(),
                "http://bedrock.tenant.invalid:" + aws.getPort(),
                null,
                Map.of(),
                "us-east-1",
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                List.of(ModelDefinition.of(MODEL)));
        try {
            // first the name looks public: the guard lets the call go (it then fails to connect, .invalid)
            assertThatThrownBy(() -> guarded.complete(tenants, request("hi"), TIMEOUTS))
                    .isInstanceOfSatisfying(
                            UpstreamFailure.class,
                            e -> assertThat(e.getMessage()).doesNotContain("refused"));
            // then it rebinds to an internal address: refused before any connection, cached client or not
            dns.set("10.0.0.7");
            assertThatThrownBy(() -> guarded.complete(tenants, request("hi"), TIMEOUTS))
                    .isInstanceOfSatisfying(UpstreamFailure.class, e -> {
                        assertThat(e.kind()).isEqualTo(UpstreamFailure.Kind.BAD_RESPONSE);
                        assertThat(e.getMessage()).contains("provider URL refused");
                    });
        } finally {
            guarded.close();
        }
    }

    @Test
    void throttlingIsARetryable429() {
        aws.enqueue(new MockResponse.Builder()
                .code(429)
                .addHeader("Content-Type", "application/json")
                .addHeader("x-amzn-ErrorType", "ThrottlingException")
                .body("{\"message\":\"Too many requests, please wait before trying again.\"}")
                .build());

        assertThatThrownBy(() -> client.complete(provider, request("hi"), TIMEOUTS))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(429);
                    assertThat(f.retryable()).isTrue();
                });
    }

    @Test
    void validationErrorIsNotRetried() {
        aws.enqueue(new MockResponse.Builder()
                .code(400)
                .addHeader("Content-Type", "application/json")
                .addHeader("x-amzn-ErrorType", "ValidationException")
                .body("{\"message\":\"Input is too long for requested model.\"}")
                .build());

        assertThatThrownBy(() -> client.complete(provider, request("hi"), TIMEOUTS))
                .isInstanceOfSatisfying(UpstreamFailure.class, f -> {
                    assertThat(f.status()).isEqualTo(400);
                    assertThat(f.retryable()).isFalse();
                });
    }

    private static void assertSigV4(RecordedRequest sent) {
        String authorization = sent.getHeaders().get("Authorization");
        assertThat(authorization)
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/us-east-1/bedrock/aws4_request")
                .contains("SignedHeaders=")
                .contains("Signature=");
        assertThat(sent.getHeaders().get("X-Amz-Date")).matches("\\d{8}T\\d{6}Z");
    }

    private static ObjectNode request(String user) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", MODEL);
        body.putArray("messages").addObject().put("role", "system").put("content", "Be brief.");
        body.withArray("messages").addObject().put("role", "user").put("content", user);
        return body;
    }

    private static byte[] event(String type, String json) throws Exception {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        headers.put(":message-type", HeaderValue.fromString("event"));
        headers.put(":event-type", HeaderValue.fromString(type));
        headers.put(":content-type", HeaderValue.fromString("application/json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Message(headers, json.getBytes(StandardCharsets.UTF_8)).encode(out);
        return out.toByteArray();
    }
}
