package com.bl1nk.gateway.people;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.gateway.web.FieldErrors;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The password policy and hashing, without the optional range API. */
class PasswordsTests {

    private final Passwords passwords = new Passwords(new PeopleProperties(
            "http://127.0.0.1:8080",
            Duration.ofDays(7),
            Duration.ofHours(24),
            Duration.ofHours(1),
            "x",
            null,
            Duration.ofSeconds(1)));

    @Test
    void hashesWithArgon2idAndVerifies() {
        String hash = passwords.hash("a-long-enough-password");

        assertThat(hash).startsWith("$argon2id$");
        assertThat(passwords.matches("a-long-enough-password", hash)).isTrue();
        assertThat(passwords.matches("another-long-password", hash)).isFalse();
        assertThat(passwords.matches("a-long-enough-password", null)).isFalse();
    }

    @Test
    void refusesShortLongCommonAndNameContainingPasswordsSayingWhy() {
        assertThat(problem("short", "a@example.test")).contains("too short");
        assertThat(problem("y".repeat(129), "a@example.test")).contains("too long");
        assertThat(problem("QWERTYUIOP123", "a@example.test")).contains("common or breached");
        assertThat(problem("hello-alice-1234", "alice@example.test")).contains("alice");
        assertThat(problem(null, "a@example.test")).contains("blank");
        assertThat(problem("a-perfectly-fine-passphrase", "alice@example.test")).isNull();
    }

    @Test
    void linkTokensAreUrlSafeAndOnlyTheirHashIsStable() {
        String token = LinkTokens.generate();

        assertThat(LinkTokens.wellFormed(token)).isTrue();
        assertThat(LinkTokens.hash(token))
                .hasSize(64)
                .isEqualTo(LinkTokens.hash(token))
                .doesNotContain(token);
        assertThat(LinkTokens.generate()).isNotEqualTo(token);
        assertThat(LinkTokens.wellFormed("short")).isFalse();
        assertThat(LinkTokens.wellFormed("x".repeat(40) + "/")).isFalse();
    }

    @Test
    void rolesRankOwnerAboveAdminAboveDeveloperAboveViewer() {
        assertThat(Roles.rank("owner")).isGreaterThan(Roles.rank("admin"));
        assertThat(Roles.rank("admin")).isGreaterThan(Roles.rank("developer"));
        assertThat(Roles.rank("developer")).isGreaterThan(Roles.rank("viewer"));
        assertThat(Roles.rank("root")).isZero();
        assertThat(Roles.highest(java.util.List.of("viewer", "admin"))).isEqualTo(Roles.rank("admin"));
    }

    private String problem(String password, String email) {
        FieldErrors errors = new FieldErrors();
        passwords.check(password, email, "password", errors);
        try {
            errors.throwIfAny();
            return null;
        } catch (ApiException e) {
            return String.valueOf(e.getBody().getProperties());
        }
    }
}
