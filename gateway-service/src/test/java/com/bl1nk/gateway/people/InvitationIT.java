package com.bl1nk.gateway.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.gateway.support.PeopleIntegrationTest;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import tools.jackson.databind.JsonNode;

/**
 * Invitations on the real Postgres with a real SMTP server in the JVM: the mailed link works once and until it
 * expires, the password policy names what is wrong, a role above the inviter's is refused, and a refused acceptance
 * writes nothing.
 */
class InvitationIT extends PeopleIntegrationTest {

    private static final Pattern LINK = Pattern.compile("https://\\S+accept-invitation\\?token=[A-Za-z0-9_-]+");

    @Test
    void theInvitationMailArrivesAndItsLinkSignsTheNewMemberUp() throws Exception {
        TestTenant tenant = newTenant("mailed");
        String email = email("mailed");

        JsonNode created = invite(tenant.ownerKey(), email, "developer");

        assertThat(created.path("emailed").asBoolean()).isTrue();
        MimeMessage mail = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> Arrays.stream(MAIL.getReceivedMessages())
                                .filter(m -> recipient(m).equals(email))
                                .findFirst()
                                .orElse(null),
                        m -> m != null);
        assertThat(mail.getSubject()).contains("mailed");
        Matcher link = LINK.matcher(GreenMailUtil.getBody(mail));
        assertThat(link.find()).isTrue();
        assertThat(link.group()).isEqualTo(created.path("link").asString());

        Session session = accept(tokenOf(link.group()), email);
        assertThat(session.tenantId()).isEqualTo(tenant.id());
        String stored = jdbc.sql("select token_hash from identity.invitations where email = :email")
                .param("email", email)
                .query(String.class)
                .single();
        assertThat(stored).isEqualTo(sha256(tokenOf(link.group())));
        assertThat(auditMentions(tokenOf(link.group()))).isZero();
    }

    @Test
    void aLinkWorksOnceAndNotAfterItExpiresAndAnUnknownOneIsNotFound() {
        TestTenant tenant = newTenant("once");
        String email = email("once");
        String token =
                tokenOf(invite(tenant.ownerKey(), email, "viewer").path("link").asString());
        accept(token, email);

        assertCode(acceptRaw(token, "Again", PASSWORD), 410, "link_used");

        String late = email("late");
        String lateToken =
                tokenOf(invite(tenant.ownerKey(), late, "viewer").path("link").asString());
        jdbc.sql("update identity.invitations set expires_at = now() - interval '1 second' where email = :e")
                .param("e", late)
                .update();
        assertCode(acceptRaw(lateToken, "Late", PASSWORD), 410, "link_expired");

        assertCode(acceptRaw("x".repeat(43), "Nobody", PASSWORD), 404, "link_invalid");
        assertCode(acceptRaw("short", "Nobody", PASSWORD), 400, "validation_failed");
        assertThat(userCount(late)).isZero();
    }

    @Test
    void aRevokedInvitationNoLongerWorks() {
        TestTenant tenant = newTenant("revoked-invite");
        String email = email("revoked");
        JsonNode created = invite(tenant.ownerKey(), email, "viewer");
        client().delete()
                .uri(
                        "/api/v1/invitations/{id}",
                        created.path("invitation").path("id").asString())
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .exchange()
                .expectStatus()
                .isNoContent();

        assertCode(acceptRaw(tokenOf(created.path("link").asString()), "Revoked", PASSWORD), 410, "link_used");
    }

    @Test
    void weakPasswordsAreRefusedNamingWhyAndNothingIsWritten() {
        TestTenant tenant = newTenant("weak");
        String email = email("jane.doe");
        String token =
                tokenOf(invite(tenant.ownerKey(), email, "viewer").path("link").asString());
        String breached = "Unusual-but-breached-77";
        String sha1 = sha1(breached);
        PWNED.script(
                "/range/" + sha1.substring(0, 5),
                () -> new MockResponse.Builder()
                        .code(200)
                        .body("0000000000000000000000000000000000A:3\r\n" + sha1.substring(5) + ":12\r\n")
                        .build());

        assertPasswordRefused(token, "short-pw", "too short");
        assertPasswordRefused(token, "x".repeat(129), "too long");
        assertPasswordRefused(token, "Password1234", "common or breached");
        assertPasswordRefused(token, "my-name-is-" + email.substring(0, email.indexOf('@')), "e-mail");
        assertPasswordRefused(token, breached, "Pwned Passwords");

        assertThat(userCount(email)).isZero();
        assertThat(jdbc.sql("select accepted_at is null from identity.invitations where email = :e")
                        .param("e", email)
                        .query(Boolean.class)
                        .single())
                .isTrue();
        accept(token, email);
    }

    @Test
    void nobodyInvitesAboveTheirOwnRoleAndAnAdminCannotInviteAnOwner() {
        TestTenant tenant = newTenant("above");
        Session admin = member(tenant.ownerKey(), "admin", "admin");
        Session developer = member(tenant.ownerKey(), "developer", "dev");

        as(admin, HttpMethod.POST, "/api/v1/invitations")
                .bodyValue(Map.of("email", email("would-be-owner"), "role", "owner"))
                .exchange()
                .expectStatus()
                .isForbidden();
        as(developer, HttpMethod.POST, "/api/v1/invitations")
                .bodyValue(Map.of("email", email("nope"), "role", "viewer"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("missing_role");
        as(admin, HttpMethod.POST, "/api/v1/invitations")
                .bodyValue(Map.of("email", email("new-admin"), "role", "admin"))
                .exchange()
                .expectStatus()
                .isCreated();
        as(admin, HttpMethod.POST, "/api/v1/invitations")
                .bodyValue(Map.of("email", developer.email(), "role", "viewer"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("already_member");
    }

    @Test
    void badInvitationInputNamesEachFieldAndWritesNothing() {
        TestTenant tenant = newTenant("bad-invite");

        client().post()
                .uri("/api/v1/invitations")
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .bodyValue(Map.of("email", "not-an-email", "role", "root"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("email")
                .jsonPath("$.errors[1].field")
                .isEqualTo("role");
        assertThat(jdbc.sql("select count(*) from identity.invitations where tenant_id = :t")
                        .param("t", tenant.id())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void anExistingUserJoinsSignedInAndOnlyWithTheirOwnInvitation() {
        TestTenant first = newTenant("join-a");
        TestTenant second = newTenant("join-b");
        Session person = member(first.ownerKey(), "viewer", "joiner");
        String theirs = tokenOf(invite(second.ownerKey(), person.email(), "developer")
                .path("link")
                .asString());
        String someoneElses = tokenOf(invite(second.ownerKey(), email("other"), "developer")
                .path("link")
                .asString());

        assertCode(acceptRaw(theirs, "Again", PASSWORD), 409, "email_taken");
        as(person, HttpMethod.POST, "/api/v1/auth/invitations/accept")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", someoneElses))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("invitation_email_mismatch");
        cookieOnly(person, HttpMethod.POST, "/api/v1/auth/invitations/accept")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", theirs))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("csrf_token_missing");
        as(person, HttpMethod.POST, "/api/v1/auth/invitations/accept")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("token", theirs))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.tenants.length()")
                .isEqualTo(2);
    }

    private void assertPasswordRefused(String token, String password, String why) {
        EntityExchangeResult<byte[]> result = acceptRaw(token, "Jane", password);
        assertThat(result.getStatus().value()).isEqualTo(400);
        JsonNode body = JSON.readTree(result.getResponseBodyContent());
        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("password");
        assertThat(body.path("errors").get(0).path("message").asString()).contains(why);
    }

    private void assertCode(EntityExchangeResult<byte[]> result, int status, String code) {
        assertThat(result.getStatus().value())
                .as(new String(result.getResponseBodyContent()))
                .isEqualTo(status);
        assertThat(JSON.readTree(result.getResponseBodyContent()).path("code").asString())
                .isEqualTo(code);
    }

    private int userCount(String email) {
        return jdbc.sql("select count(*) from identity.users where email = :e")
                .param("e", email)
                .query(Integer.class)
                .single();
    }

    private int auditMentions(String secret) {
        return jdbc.sql("select count(*) from identity.audit_events where details::text like :s")
                .param("s", "%" + secret + "%")
                .query(Integer.class)
                .single();
    }

    private static String recipient(Message message) {
        try {
            return message.getAllRecipients()[0].toString();
        } catch (jakarta.mail.MessagingException e) {
            return "";
        }
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static String sha1(String value) {
        try {
            return HexFormat.of()
                    .withUpperCase()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
