package com.bl1nk.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EmbeddingsTests {

    private static MockLlmServer server;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        server = MockLlmServer.start(MockLlmConfig.defaults().port(0));
        http = new TestHttp(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode embed(String body) throws Exception {
        HttpResponse<String> response = http.post("/v1/embeddings", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response.body());
    }

    private static double[] vector(JsonNode item) {
        return item.path("embedding")
                .valueStream()
                .mapToDouble(JsonNode::doubleValue)
                .toArray();
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Test
    void sameInputGivesTheSameUnitVectorOfTheDefaultDimension() throws Exception {
        JsonNode first = embed("{\"model\":\"mock-embedding\",\"input\":\"Postgres stores vectors\"}");
        JsonNode second = embed("{\"model\":\"other-model\",\"input\":\"Postgres stores vectors\"}");

        double[] a = vector(first.path("data").get(0));
        double[] b = vector(second.path("data").get(0));
        assertThat(a).hasSize(384);
        assertThat(a).containsExactly(b);
        assertThat(Math.sqrt(dot(a, a))).isCloseTo(1.0, within(1e-5));
        assertThat(first.path("object").stringValue()).isEqualTo("list");
        assertThat(first.path("model").stringValue()).isEqualTo("mock-embedding");
        assertThat(first.path("data").get(0).path("object").stringValue()).isEqualTo("embedding");
        assertThat(first.path("usage").path("prompt_tokens").intValue()).isEqualTo(3);
        assertThat(first.path("usage").path("total_tokens").intValue()).isEqualTo(3);
    }

    @Test
    void arrayInputGetsOneIndexedVectorPerItemAndSummedUsage() throws Exception {
        JsonNode response =
                embed("{\"model\":\"mock-embedding\",\"input\":[\"the cat sat on the mat\",\"a cat on a mat\","
                        + "\"quarterly revenue grew\"]}");

        JsonNode data = response.path("data");
        assertThat(data).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(data.get(i).path("index").intValue()).isEqualTo(i);
        }
        double[] cat = vector(data.get(0));
        double[] similarCat = vector(data.get(1));
        double[] revenue = vector(data.get(2));
        assertThat(dot(cat, similarCat)).isGreaterThan(dot(cat, revenue));
        assertThat(response.path("usage").path("prompt_tokens").intValue())
                .isEqualTo(MockTokenizer.count("the cat sat on the mat")
                        + MockTokenizer.count("a cat on a mat")
                        + MockTokenizer.count("quarterly revenue grew"));
    }

    @Test
    void dimensionsParameterAndBase64EncodingAreHonoured() throws Exception {
        JsonNode floats = embed("{\"model\":\"m\",\"input\":\"hello\",\"dimensions\":64}");
        JsonNode base64 =
                embed("{\"model\":\"m\",\"input\":\"hello\",\"dimensions\":64,\"encoding_format\":\"base64\"}");

        double[] expected = vector(floats.path("data").get(0));
        assertThat(expected).hasSize(64);
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(base64.path("data").get(0).path("embedding").stringValue()))
                .order(ByteOrder.LITTLE_ENDIAN);
        for (double value : expected) {
            assertThat((double) bytes.getFloat()).isCloseTo(value, within(1e-7));
        }
        assertThat(bytes.remaining()).isZero();
    }

    @Test
    void configuredDimensionIsTheDefault() {
        try (MockLlmServer small =
                MockLlmServer.start(MockLlmConfig.defaults().port(0).embeddingDimension(8))) {
            TestHttp client = new TestHttp(small);
            JsonNode response = TestHttp.json(client.post("/v1/embeddings", "{\"model\":\"m\",\"input\":\"x\"}")
                    .body());
            assertThat(response.path("data").get(0).path("embedding")).hasSize(8);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void invalidInputGets400() throws Exception {
        for (String body : new String[] {
            "{\"model\":\"m\"}",
            "{\"model\":\"m\",\"input\":\"\"}",
            "{\"model\":\"m\",\"input\":[]}",
            "{\"model\":\"m\",\"input\":42}",
            "{\"model\":\"m\",\"input\":\"x\",\"dimensions\":0}",
            "{\"model\":\"m\",\"input\":\"x\",\"encoding_format\":\"int8\"}",
            "{\"input\":\"x\"}",
            "not json"
        }) {
            HttpResponse<String> response = http.post("/v1/embeddings", body);
            assertThat(response.statusCode()).as(body).isEqualTo(400);
            assertThat(TestHttp.json(response.body()).path("error").path("type").stringValue())
                    .isEqualTo("invalid_request_error");
        }
    }
}
