package com.bl1nk.common.errortracking;

import static org.assertj.core.api.Assertions.assertThat;

import io.sentry.Breadcrumb;
import io.sentry.Hint;
import io.sentry.SentryEvent;
import io.sentry.protocol.Message;
import io.sentry.protocol.Request;
import io.sentry.protocol.SentryException;
import io.sentry.protocol.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventScrubberTests {

    private final EventScrubber scrubber = new EventScrubber();

    @Test
    void masksEveryKnownSecretShape() {
        String text = "key bl1nk_ab12_SeCrEt-value, Bearer abc.def.ghi, jwt eyJhbGciOi.eyJzdWIiOiJ4In0.c2ln,"
                + " openai sk-proj-ABCDEFGH12345678, aws AKIAABCDEFGHIJKLMNOP, github ghp_0123456789abcdefghijABCD,"
                + " url postgres://bl1nk_task:hunter2@db:5432/bl1nk, password=hunter2 api_key: \"zzz\""
                + " -----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMG\n-----END PRIVATE KEY-----";
        String scrubbed = EventScrubber.scrub(text);
        assertThat(scrubbed)
                .doesNotContain("SeCrEt-value")
                .doesNotContain("abc.def.ghi")
                .doesNotContain("eyJzdWIiOiJ4In0")
                .doesNotContain("sk-proj-ABCDEFGH12345678")
                .doesNotContain("AKIAABCDEFGHIJKLMNOP")
                .doesNotContain("ghp_0123456789")
                .doesNotContain("hunter2")
                .doesNotContain("zzz")
                .doesNotContain("MIGHAgEAMBMG")
                .contains("postgres://[redacted]@db:5432");
    }

    @Test
    void cutsLongTextsSoWholeDocumentsNeverTravel() {
        assertThat(EventScrubber.scrub("x".repeat(5000))).hasSize(EventScrubber.MAX_TEXT + 1);
    }

    @Test
    void dropsRequestBodiesCookiesAuthenticatingHeadersUserBreadcrumbsAndExtras() {
        SentryEvent event = new SentryEvent();
        Request request = new Request();
        request.setMethod("POST");
        request.setUrl("https://bl1nk.example/v1/chat/completions");
        request.setHeaders(Map.of(
                "Authorization", "Bearer bl1nk_ab12_secret",
                "Cookie", "SESSION=abc",
                "X-Bl1nk-Identity", "eyJ.x.y",
                "Content-Type", "application/json"));
        request.setData("{\"messages\":[{\"content\":\"the prompt\"}]}");
        request.setQueryString("token=abc");
        request.setCookies("SESSION=abc");
        event.setRequest(request);
        User user = new User();
        user.setEmail("alice@example.com");
        user.setIpAddress("10.0.0.1");
        event.setUser(user);
        event.setBreadcrumbs(new ArrayList<>(List.of(new Breadcrumb("user said: the prompt"))));
        event.setExtra("prompt", "the prompt");
        event.setTag("apiKeyId", "123");
        event.setTag("route", "/v1/chat/completions");
        Message message = new Message();
        message.setMessage("Model call failed for {}");
        message.setFormatted("Model call failed for the prompt");
        message.setParams(List.of("the prompt"));
        event.setMessage(message);
        SentryException exception = new SentryException();
        exception.setType("IllegalStateException");
        exception.setValue("refused Bearer bl1nk_ab12_secret");
        event.setExceptions(List.of(exception));

        SentryEvent sent = scrubber.execute(event, new Hint());

        assertThat(sent.getRequest().getHeaders()).containsOnlyKeys("Content-Type");
        assertThat(sent.getRequest().getData()).isNull();
        assertThat(sent.getRequest().getQueryString()).isNull();
        assertThat(sent.getRequest().getCookies()).isNull();
        assertThat(sent.getRequest().getMethod()).isEqualTo("POST");
        assertThat(sent.getUser()).isNull();
        assertThat(sent.getBreadcrumbs()).isEmpty();
        assertThat(sent.getExtras()).isEmpty();
        assertThat(sent.getTags()).containsEntry("apiKeyId", EventScrubber.REDACTED);
        assertThat(sent.getTags()).containsEntry("route", "/v1/chat/completions");
        assertThat(sent.getMessage().getFormatted()).isEqualTo("Model call failed for {}");
        assertThat(sent.getMessage().getParams()).isNull();
        assertThat(sent.getExceptions().getFirst().getValue()).isEqualTo("refused Bearer [redacted]");
    }
}
