package com.bl1nk.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemMessagesTests {

    @Test
    void aProblemReadsTitleThenDetailThenEachFieldItNames() {
        ApiError error = ProblemMessages.of(400, "POST", "/api/v1/agents", """
                {"type":"https://bl1nk.dev/problems/validation_failed","title":"Validation failed","status":400,
                 "detail":"Request validation failed","code":"validation_failed","traceId":"abc123",
                 "errors":[{"field":"name","message":"must be 1-63 of a-z, 0-9, _ or -"},
                           {"field":"maxSteps","message":"must be less than or equal to 100"}]}""");

        assertThat(error.getMessage())
                .isEqualTo("Validation failed: Request validation failed; name: must be 1-63 of a-z, 0-9, _ or -;"
                        + " maxSteps: must be less than or equal to 100");
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.traceId()).isEqualTo("abc123");
    }

    @Test
    void aProblemWithoutFieldsIsTitleAndDetail() {
        ApiError error = ProblemMessages.of(404, "GET", "/api/v1/tasks/x", """
                {"title":"Not found","status":404,"detail":"task 42 does not exist"}""");

        assertThat(error.getMessage()).isEqualTo("Not found: task 42 does not exist");
        assertThat(error.traceId()).isNull();
    }

    @Test
    void anOpenAiShapedErrorGivesItsMessageAndParam() {
        ApiError error = ProblemMessages.of(400, "POST", "/v1/chat/completions", """
                {"error":{"message":"model is required","type":"invalid_request_error","param":"model"}}""");

        assertThat(error.getMessage()).isEqualTo("model is required (model)");
    }

    @Test
    void aBodyThatIsNotJsonGivesTheStatusTheCallAndItsFirstLine() {
        ApiError error = ProblemMessages.of(502, "GET", "/api/v1/agents", "Bad Gateway\n<html>...");

        assertThat(error.getMessage()).isEqualTo("HTTP 502 from GET /api/v1/agents: Bad Gateway");
        assertThat(ProblemMessages.of(503, "GET", "/x", "").getMessage()).isEqualTo("HTTP 503 from GET /x");
        assertThat(ProblemMessages.of(500, "GET", "/x", "y".repeat(400)).getMessage())
                .endsWith("…");
    }
}
