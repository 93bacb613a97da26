package com.bl1nk.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.common.trace.Traceparent;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.core.codec.DecodingException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ReactiveProblemHandlerTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ReactiveProblemHandler handler = new ReactiveProblemHandler();
    private final Traceparent trace = Traceparent.newRoot();

    private MockServerWebExchange exchange() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/v1/things/1"));
        exchange.getAttributes().put(TraceContext.ATTRIBUTE, trace);
        return exchange;
    }

    private JsonNode handle(MockServerWebExchange exchange, Throwable error, int status, String code) {
        handler.handle(exchange, error).block(Duration.ofSeconds(5));
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(status);
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode body = JSON.readTree(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)));
        assertThat(body.path("code").asString()).isEqualTo(code);
        assertThat(body.path("type").asString()).isEqualTo("https://bl1nk.dev/problems/" + code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("traceId").asString()).isEqualTo(trace.traceId());
        assertThat(body.path("instance").asString()).isEqualTo("/api/v1/things/1");
        return body;
    }

    @Test
    void rendersApiExceptionsWithTheirCodeAndHeaders() {
        MockServerWebExchange exchange = exchange();
        JsonNode body = handle(
                exchange,
                ApiException.tooManyRequests("rate_limited", "Slow down", Duration.ofSeconds(7)),
                429,
                "rate_limited");
        assertThat(body.path("detail").asString()).isEqualTo("Slow down");
        assertThat(exchange.getResponse().getHeaders().getFirst("Retry-After")).isEqualTo("7");
    }

    @Test
    void mapsFrameworkExceptions() {
        handle(exchange(), new ResponseStatusException(HttpStatus.NOT_FOUND), 404, "not_found");
        handle(
                exchange(),
                new MethodNotAllowedException(HttpMethod.DELETE, List.of(HttpMethod.GET)),
                405,
                "method_not_allowed");
        handle(
                exchange(),
                new ServerWebInputException("bad", (MethodParameter) null, new DecodingException("JSON parse error")),
                400,
                "malformed_body");
        handle(exchange(), new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT), 504, "gateway_timeout");
    }

    record Agent(String name, Integer maxSteps) {}

    @Test
    void aWrongJsonTypeNamesTheFieldAndTheTypeExpected() {
        Throwable jackson = org.assertj.core.api.Assertions.catchThrowable(
                () -> JSON.readValue("{\"name\":\"a\",\"maxSteps\":\"ten\"}", Agent.class));
        JsonNode body = handle(
                exchange(),
                new ServerWebInputException(
                        "Failed to read HTTP message",
                        (MethodParameter) null,
                        new DecodingException("JSON decoding error", jackson)),
                400,
                "invalid_request");
        assertThat(body.path("field").asString()).isEqualTo("maxSteps");
        assertThat(body.path("expected").asString()).isEqualTo("integer");
        assertThat(body.path("detail").asString()).isEqualTo("`maxSteps` must be an integer, not the string \"ten\"");
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void aClientThatWentAwayIsLoggedAsGoneNotAsAnUnhandledError(
            org.springframework.boot.test.system.CapturedOutput output) {
        MockServerWebExchange exchange = exchange();

        handler.handle(exchange, new java.io.IOException("Connection reset by peer"))
                .block(Duration.ofSeconds(5));

        assertThat(exchange.getResponse().isCommitted()).isFalse();
        assertThat(output.getOut()).contains("client went away on /api/v1/things/1");
        assertThat(output.getOut()).doesNotContain("Unhandled").doesNotContain("ERROR");
    }

    @Test
    void unreachableUpstreamIs503() {
        handle(
                exchange(),
                new IllegalStateException("wrap", new ConnectException("refused")),
                503,
                "service_unavailable");
    }

    @Test
    void unknownErrorsAre500WithoutTheirMessage() {
        MockServerWebExchange exchange = exchange();
        JsonNode body = handle(exchange, new IllegalStateException("password=hunter2"), 500, "internal_error");
        assertThat(body.path("detail").asString()).isEqualTo(Problems.INTERNAL_ERROR_DETAIL);
        assertThat(body.toString()).doesNotContain("hunter2");
    }

    @Test
    void reactiveProblemWriterWritesProblemsForFilters() {
        MockServerWebExchange exchange = exchange();
        ReactiveProblemWriter.write(exchange, HttpStatus.UNAUTHORIZED, "unauthenticated", "No API key")
                .block(Duration.ofSeconds(5));
        assertThat(exchange.getResponse().getStatusCode().value()).isEqualTo(401);
        JsonNode body = JSON.readTree(exchange.getResponse().getBodyAsString().block(Duration.ofSeconds(5)));
        assertThat(body.path("code").asString()).isEqualTo("unauthenticated");
        assertThat(body.path("title").asString()).isEqualTo("Unauthenticated");
        assertThat(body.path("traceId").asString()).isEqualTo(trace.traceId());
    }
}
