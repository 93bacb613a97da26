package com.bl1nk.gateway.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.gateway.support.PeopleIntegrationTest;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * Password reset by single-use link on the real Postgres and a real SMTP server in the JVM: the mailed link sets a new
 * password once and ends every session; an unknown e-mail gets the same answer and no mail; a platform admin can get
 * a link to hand over, nobody else can.
 */
class PasswordResetIT extends PeopleIntegrationTest {

    private static final Pattern LINK = Pattern.compile("https://\\S+reset-password\\?token=[A-Za-z0-9_-]+");
    private static final String NEW_PASSWORD = "brand-New-secret-2027";

    @Test
    void theMailedLinkSetsANewPasswordOnceAndEndsEverySession() throws Exception {
        TestTenant tenant = newTenant("reset-mail");
        Session session = member(tenant.ownerKey(), "viewer", "forgetful");

        request(session.email()).expectStatus().isAccepted();

        MimeMessage mail = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Arrays.stream(MAIL.getReceivedMessages())
                                .filter(m -> recipient(m).equals(session.email())
                                        && subject(m).contains("password"))
                                .findFirst()
                                .orElse(null),
                        m -> m != null);
        Matcher link = LINK.matcher(GreenMailUtil.getBody(mail));
        assertThat(link.find()).isTrue();
        String token = tokenOf(link.group());

        assertThat(complete(token, "short").getStatus().value())
                .as("the policy applies")
                .isEqualTo(400);
        EntityExchangeResult<byte[]> done = complete(token, NEW_PASSWORD);
        assertThat(done.getStatus().value()).isEqualTo(204);
        assertThat(meStatus(session)).as("every session ends").isEqualTo(401);
        assertThat(loginRaw(session.email(), PASSWORD).getStatus().value()).isEqualTo(401);
        login(session.email(), NEW_PASSWORD);
        assertThat(JSON.readTree(complete(token, "another-New-secret-99").getResponseBodyContent())
                        .path("code")
                        .asString())
                .isEqualTo("link_used");
    }

    @Test
    void resettingThePasswordEndsTheUsersOtherResetLinks() {
        TestTenant tenant = newTenant("reset-twice");
        Session session = member(tenant.ownerKey(), "viewer", "twice");

        request(session.email()).expectStatus().isAccepted();
        request(session.email()).expectStatus().isAccepted();
        List<String> tokens = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Arrays.stream(MAIL.getReceivedMessages())
                                .filter(m -> recipient(m).equals(session.email())
                                        && subject(m).contains("password"))
                                .map(m -> {
                                    Matcher link = LINK.matcher(GreenMailUtil.getBody(m));
                                    return link.find() ? tokenOf(link.group()) : null;
                                })
                                .filter(java.util.Objects::nonNull)
                                .toList(),
                        found -> found.size() == 2);

        assertThat(complete(tokens.get(1), NEW_PASSWORD).getStatus().value()).isEqualTo(204);

        assertThat(JSON.readTree(
                                complete(tokens.get(0), "another-New-secret-99").getResponseBodyContent())
                        .path("code")
                        .asString())
                .as("the older link no longer resets the new password")
                .isEqualTo("link_expired");
        login(session.email(), NEW_PASSWORD);
    }

    @Test
    void anUnknownEmailGetsTheSameAnswerAndNoMail() {
        String nobody = email("nobody");
        request(nobody).expectStatus().isAccepted();
        request("not-an-email").expectStatus().isBadRequest();

        assertThat(Arrays.stream(MAIL.getReceivedMessages())
                        .filter(m -> recipient(m).equals(nobody)))
                .isEmpty();
    }

    @Test
    void onlyAPlatformAdminGetsALinkToHandOver() {
        TestTenant tenant = newTenant("reset-admin");
        Session session = member(tenant.ownerKey(), "admin", "handed-over");

        client().post()
                .uri("/api/v1/users/{id}/password-reset", session.userId())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isForbidden();
        JsonNode issued = JSON.readTree(client().post()
                .uri("/api/v1/users/{id}/password-reset", session.userId())
                .header(HttpHeaders.AUTHORIZATION, bearer(adminKey()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBodyContent());

        assertThat(complete(tokenOf(issued.path("link").asString()), NEW_PASSWORD)
                        .getStatus()
                        .value())
                .isEqualTo(204);
        login(session.email(), NEW_PASSWORD);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.sql("""
                                select count(*) from identity.audit_events
                                 where tenant_id = :t and action = 'user.password_reset' and resource_id = :u
                                """)
                                .param("t", tenant.id())
                                .param("u", session.userId().toString())
                                .query(Integer.class)
                                .single())
                        .isEqualTo(1));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec request(String email) {
        return client().post()
                .uri("/api/v1/auth/password-reset")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email))
                .exchange();
    }

    private EntityExchangeResult<byte[]> complete(String token, String password) {
        return client().post()
                .uri("/api/v1/auth/password-reset/complete")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", token, "password", password))
                .exchange()
                .expectBody()
                .returnResult();
    }

    private static String recipient(jakarta.mail.Message message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private static String subject(jakarta.mail.Message message) {
        try {
            return String.valueOf(message.getSubject());
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }
}
