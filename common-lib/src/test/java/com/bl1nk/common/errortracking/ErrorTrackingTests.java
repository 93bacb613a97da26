package com.bl1nk.common.errortracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.bl1nk.common.autoconfigure.ErrorTrackingAutoConfiguration;
import com.bl1nk.common.error.ProblemExceptionHandler;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Error tracking against a loopback fake of the ingest endpoint: what is sent, and what never is. */
class ErrorTrackingTests {

    private static final String API_KEY = "bl1nk_ab12cd34_S3cr3tS3cr3tS3cr3tS3cr3t";
    private static final String PROVIDER_KEY = "sk-or-v1-0123456789abcdefdeadbeef";
    private static final String PROMPT = "Summarise the confidential merger memo for ACME-PROJECT-NIGHTINGALE";

    private final FakeSentryIngest ingest = new FakeSentryIngest();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ErrorTrackingAutoConfiguration.class))
            .withPropertyValues("spring.application.name=task-service", "bl1nk.sentry.environment=test");

    @AfterEach
    void stop() {
        ingest.close();
    }

    @RestController
    static class FailingController {

        private static final Logger log = LoggerFactory.getLogger(FailingController.class);

        @PostMapping("/v1/chat/completions")
        String complete(@RequestBody String body) {
            // an unexpected failure whose message carries a credential, as a careless client library might
            throw new IllegalStateException(
                    "upstream refused key " + PROVIDER_KEY + " (Authorization: Bearer " + API_KEY + ")");
        }

        @PostMapping("/v1/embeddings")
        String embed(@RequestBody String body) {
            log.error("Embedding failed for input {}", body, new IllegalArgumentException("bad vector"));
            return "degraded";
        }
    }

    private MockMvc mvc() {
        return MockMvcBuilders.standaloneSetup(new FailingController())
                .setControllerAdvice(new ProblemExceptionHandler())
                .build();
    }

    @Test
    void anUnexpectedErrorIsReportedOnceWithoutTheCallersCredentialsOrPrompt() {
        runner.withPropertyValues("bl1nk.sentry.dsn=" + ingest.dsn()).run(context -> {
            assertThat(context).hasSingleBean(ErrorTracking.class);
            mvc().perform(post("/v1/chat/completions")
                            .header("Authorization", "Bearer " + API_KEY)
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}"))
                    .andExpect(status().isInternalServerError());

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(ingest.events()).hasSize(1));
            FakeSentryIngest.Envelope event = ingest.events().getFirst();
            assertThat(event.path()).isEqualTo("/api/42/envelope/");
            assertThat(event.body())
                    .contains("IllegalStateException")
                    .contains("\"environment\":\"test\"")
                    .contains("task-service")
                    .doesNotContain(API_KEY)
                    .doesNotContain(PROVIDER_KEY)
                    .doesNotContain(PROMPT)
                    .doesNotContain("Authorization: Bearer bl1nk");
        });
    }

    @Test
    void logArgumentsWherePromptsTravelAreNotSent() {
        runner.withPropertyValues("bl1nk.sentry.dsn=" + ingest.dsn()).run(context -> {
            mvc().perform(post("/v1/embeddings")
                            .contentType(MediaType.TEXT_PLAIN)
                            .content(PROMPT))
                    .andExpect(status().isOk());

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(ingest.events()).hasSize(1));
            String body = ingest.events().getFirst().body();
            assertThat(body).contains("Embedding failed for input {}").contains("bad vector");
            assertThat(body).doesNotContain(PROMPT).doesNotContain("NIGHTINGALE");
        });
    }

    @Test
    void staysOffWithoutADsnAndWithABlankOne() {
        runner.run(context -> assertThat(context).doesNotHaveBean(ErrorTracking.class));
        runner.withPropertyValues("bl1nk.sentry.dsn=  ")
                .run(context -> assertThat(context).doesNotHaveBean(ErrorTracking.class));
        mvcWithoutTracking();
        assertThat(ingest.envelopes()).isEmpty();
    }

    private void mvcWithoutTracking() {
        try {
            mvc().perform(post("/v1/chat/completions").content("{}").contentType(MediaType.APPLICATION_JSON))
                    .andExpect(status().isInternalServerError());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(List.copyOf(ingest.envelopes())).isEmpty();
    }
}
