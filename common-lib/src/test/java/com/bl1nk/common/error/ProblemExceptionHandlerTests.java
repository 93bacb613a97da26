package com.bl1nk.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.bl1nk.common.trace.TraceFilter;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

class ProblemExceptionHandlerTests {

    private static final Validator VALIDATOR =
            Validation.buildDefaultValidatorFactory().getValidator();

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new TestController())
            .setControllerAdvice(new ProblemExceptionHandler())
            .addFilters(new TraceFilter())
            .build();

    record CreateThing(@NotBlank String name, @Max(10) int size) {}

    record Step(String tool, Integer maxSteps) {}

    record Plan(String name, java.util.List<Step> steps) {}

    @RestController
    static class TestController {

        @GetMapping("/things/{id}")
        String thing(@PathVariable UUID id) {
            throw ApiException.notFound("thing", id);
        }

        @PostMapping("/things")
        String create(@Valid @RequestBody CreateThing body) {
            return "ok";
        }

        @PostMapping("/plans")
        String plan(@RequestBody Plan body) {
            return "ok";
        }

        @PostMapping("/v1/plans")
        String openAiPlan(@RequestBody Plan body) {
            return "ok";
        }

        @GetMapping("/search")
        String search(@RequestParam int limit) {
            return "ok";
        }

        @GetMapping("/conflict")
        String conflict() {
            throw ApiException.conflict("thing_exists", "A thing with this name exists");
        }

        @GetMapping("/slow-down")
        String slowDown() {
            throw ApiException.tooManyRequests("rate_limited", "Too many requests", Duration.ofMillis(2500));
        }

        @GetMapping("/budget")
        String budget() {
            throw ApiException.paymentRequired("budget_exceeded", "Monthly budget exhausted");
        }

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("password=hunter2 at db-host:5432");
        }

        @GetMapping("/constraint")
        String constraint() {
            throw new ConstraintViolationException(VALIDATOR.validate(new CreateThing("", 99)));
        }

        @GetMapping("/nul-char")
        String nulChar() {
            throw new org.springframework.dao.DataIntegrityViolationException(
                    "insert failed",
                    new java.sql.SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"));
        }

        @GetMapping("/duplicate")
        String duplicate() {
            throw new org.springframework.dao.DuplicateKeyException(
                    "insert failed", new java.sql.SQLException("duplicate key value", "23505"));
        }

        @GetMapping("/gone")
        String gone() throws java.io.IOException {
            throw new java.io.IOException("Broken pipe");
        }

        @GetMapping("/upload")
        String upload() {
            throw new MaxUploadSizeExceededException(1024);
        }
    }

    private static ResultActions expectProblem(ResultActions actions, int status, String code) throws Exception {
        return actions.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.type").value("https://bl1nk.dev/problems/" + code))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.traceId").isNotEmpty());
    }

    @Test
    void apiExceptionNotFoundBecomes404WithTraceIdMatchingTheHeader() throws Exception {
        MvcResult result = expectProblem(mvc.perform(get("/things/" + UUID.randomUUID())), 404, "not_found")
                .andExpect(jsonPath("$.instance").value(containsString("/things/")))
                .andReturn();
        String traceHeader = result.getResponse().getHeader("X-Trace-Id");
        assertThat(result.getResponse().getContentAsString()).contains("\"traceId\":\"" + traceHeader + "\"");
    }

    @Test
    void traceIdFollowsAnIncomingTraceparent() throws Exception {
        expectProblem(
                        mvc.perform(get("/conflict")
                                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")),
                        409,
                        "thing_exists")
                .andExpect(jsonPath("$.traceId").value("4bf92f3577b34da6a3ce929d0e0e4736"))
                .andExpect(jsonPath("$.detail").value("A thing with this name exists"));
    }

    @Test
    void tooManyRequestsSetsRetryAfter() throws Exception {
        expectProblem(mvc.perform(get("/slow-down")), 429, "rate_limited")
                .andExpect(header().string("Retry-After", "3"));
    }

    @Test
    void paymentRequiredKeepsItsCode() throws Exception {
        expectProblem(mvc.perform(get("/budget")), 402, "budget_exceeded");
    }

    @Test
    void beanValidationFailuresListEveryField() throws Exception {
        expectProblem(
                        mvc.perform(post("/things")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"\",\"size\":11}")),
                        400,
                        "validation_failed")
                .andExpect(jsonPath("$.errors", hasSize(2)))
                .andExpect(jsonPath("$.errors[?(@.field=='name')].message").isNotEmpty())
                .andExpect(jsonPath("$.errors[?(@.field=='size')].message").isNotEmpty());
    }

    @Test
    void constraintViolationsAre400WithErrors() throws Exception {
        expectProblem(mvc.perform(get("/constraint")), 400, "validation_failed")
                .andExpect(jsonPath("$.errors", hasSize(2)));
    }

    @Test
    void malformedJsonIs400MalformedBody() throws Exception {
        expectProblem(
                mvc.perform(
                        post("/things").contentType(MediaType.APPLICATION_JSON).content("{\"name\":")),
                400,
                "malformed_body");
    }

    @Test
    void aWrongJsonTypeNamesTheFieldByItsPathAndTheTypeExpected() throws Exception {
        expectProblem(
                        mvc.perform(post("/things")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"x\",\"size\":\"ten\"}")),
                        400,
                        "invalid_request")
                .andExpect(jsonPath("$.field").value("size"))
                .andExpect(jsonPath("$.expected").value("integer"))
                .andExpect(jsonPath("$.detail").value("`size` must be an integer, not the string \"ten\""))
                .andExpect(jsonPath("$.errors[0].field").value("size"));
        expectProblem(
                        mvc.perform(post("/plans")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":\"p\",\"steps\":[{\"tool\":\"a\"},{\"maxSteps\":\"ten\"}]}")),
                        400,
                        "invalid_request")
                .andExpect(jsonPath("$.field").value("steps[1].maxSteps"))
                .andExpect(jsonPath("$.expected").value("integer"));
        expectProblem(
                        mvc.perform(post("/plans")
                                .contentType(MediaType.APPLICATION_JSON)
                                .content("{\"name\":{\"first\":\"p\"}}")),
                        400,
                        "invalid_request")
                .andExpect(jsonPath("$.field").value("name"))
                .andExpect(jsonPath("$.expected").value("string"));
    }

    @Test
    void aWrongJsonTypeUnderV1IsOpenAisErrorWithParam() throws Exception {
        mvc.perform(post("/v1/plans")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"p\",\"steps\":\"all\"}"))
                .andExpect(status().is(400))
                .andExpect(jsonPath("$.error.code").value("invalid_request"))
                .andExpect(jsonPath("$.error.type").value("invalid_request_error"))
                .andExpect(jsonPath("$.error.param").value("steps"))
                .andExpect(jsonPath("$.error.message").value(containsString("`steps` must be an array")));
    }

    @Test
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void aClientThatWentAwayIsLoggedAsGoneNotAsAnUnhandledError(
            org.springframework.boot.test.system.CapturedOutput output) throws Exception {
        mvc.perform(get("/gone"));

        assertThat(output.getOut()).contains("client went away on /gone");
        assertThat(output.getOut()).doesNotContain("Unhandled").doesNotContain("ERROR");
    }

    @Test
    void wrongContentTypeIs415() throws Exception {
        expectProblem(
                mvc.perform(post("/things").contentType(MediaType.TEXT_PLAIN).content("name=x")),
                415,
                "unsupported_media_type");
    }

    @Test
    void wrongMethodIs405() throws Exception {
        expectProblem(mvc.perform(delete("/conflict")), 405, "method_not_allowed");
    }

    @Test
    void unknownPathIs404() throws Exception {
        expectProblem(mvc.perform(get("/nothing/here")), 404, "not_found");
    }

    @Test
    void missingParameterIs400() throws Exception {
        expectProblem(mvc.perform(get("/search")), 400, "missing_parameter");
    }

    @Test
    void typeMismatchIs400() throws Exception {
        expectProblem(mvc.perform(get("/search").param("limit", "many")), 400, "type_mismatch");
        expectProblem(mvc.perform(get("/things/not-a-uuid")), 400, "type_mismatch");
    }

    @Test
    void uploadTooLargeIs413() throws Exception {
        expectProblem(mvc.perform(get("/upload")), 413, "payload_too_large");
    }

    @Test
    void unexpectedExceptionIs500WithoutItsMessage() throws Exception {
        expectProblem(mvc.perform(get("/boom")), 500, "internal_error")
                .andExpect(jsonPath("$.detail").value(Problems.INTERNAL_ERROR_DETAIL))
                .andExpect(content().string(not(containsString("hunter2"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))));
    }

    @Test
    void databaseDataExceptionsCausedByTheRequestAre400() throws Exception {
        expectProblem(mvc.perform(get("/nul-char")), 400, "invalid_value")
                .andExpect(content().string(not(containsString("0x00"))));
    }

    @Test
    void duplicateKeysAre409() throws Exception {
        expectProblem(mvc.perform(get("/duplicate")), 409, "conflict");
    }
}
