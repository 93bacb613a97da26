package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.error.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Asserts the one error shape every service returns, so each test checks status, code and traceId the same way. */
public final class ProblemAssertions {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private ProblemAssertions() {}

    /** Exchanges the request and asserts a problem; returns the parsed body for further checks. */
    public static JsonNode assertProblem(RestTestClient.ResponseSpec response, int status, String code) {
        return assertProblem(response.returnResult(String.class), status, code);
    }

    public static JsonNode assertProblem(EntityExchangeResult<String> result, int status, String code) {
        return assertProblem(
                result.getStatus().value(), result.getResponseHeaders(), result.getResponseBody(), status, code);
    }

    public static JsonNode assertProblem(ResponseEntity<String> response, int status, String code) {
        return assertProblem(response.getStatusCode().value(), response.getHeaders(), response.getBody(), status, code);
    }

    /** For raw responses (e.g. MockMvc: {@code status, getContentType(), getContentAsString()}). */
    public static JsonNode assertProblem(
            int actualStatus, String contentType, String body, int expectedStatus, String code) {
        HttpHeaders headers = new HttpHeaders();
        if (contentType != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        }
        return assertProblem(actualStatus, headers, body, expectedStatus, code);
    }

    /**
     * Asserts status, {@code application/problem+json}, {@code code}, the matching {@code type} URI, a title and a
     * trace id; {@code code == null} accepts any code.
     */
    public static JsonNode assertProblem(
            int actualStatus, HttpHeaders headers, String body, int expectedStatus, String code) {
        assertThat(actualStatus).as("HTTP status (body: %s)", body).isEqualTo(expectedStatus);
        MediaType contentType = headers.getContentType();
        assertThat(contentType)
                .as("Content-Type (body: %s)", body)
                .isNotNull()
                .matches(MediaType.APPLICATION_PROBLEM_JSON::isCompatibleWith, "is application/problem+json");
        assertThat(body).as("problem body").isNotBlank();
        JsonNode problem = MAPPER.readTree(body);
        assertThat(problem.path("status").asInt()).as("status member").isEqualTo(expectedStatus);
        String actualCode = problem.path("code").asString(null);
        assertThat(actualCode).as("code member (body: %s)", body).isNotBlank();
        if (code != null) {
            assertThat(actualCode).as("code member (body: %s)", body).isEqualTo(code);
        }
        assertThat(problem.path("type").asString(null)).isEqualTo(Problems.TYPE_PREFIX + actualCode);
        assertThat(problem.path("title").asString(null)).as("title member").isNotBlank();
        assertThat(problem.path("traceId").asString(null)).as("traceId member").isNotBlank();
        return problem;
    }
}
