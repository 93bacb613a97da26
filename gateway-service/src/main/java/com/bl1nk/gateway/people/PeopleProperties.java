package com.bl1nk.gateway.people;

import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Users, invitations and passwords.
 *
 * @param publicUrl the address people open the platform at, the base of every link sent or shown
 *     ({@code BL1NK_PUBLIC_URL})
 * @param invitationTtl how long an invitation link works
 * @param firstUserLinkTtl how long the first user's sign-up link works
 * @param passwordResetTtl how long a password-reset link works
 * @param mailFrom sender of invitation mails (mail is sent only when {@code spring.mail.host} is set)
 * @param pwnedPasswordsUrl optional Pwned-Passwords range API (e.g. {@code https://api.pwnedpasswords.com/range/});
 *     when set, a password whose SHA-1 appears there is refused; only the first 5 hex digits of the hash are sent
 * @param pwnedPasswordsTimeout timeout of one range-API call; on timeout or error the check is skipped
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.people")
public record PeopleProperties(
        @NotBlank @DefaultValue("http://127.0.0.1:8080") String publicUrl,
        @DefaultValue("7d") Duration invitationTtl,
        @DefaultValue("24h") Duration firstUserLinkTtl,
        @DefaultValue("1h") Duration passwordResetTtl,

        @NotBlank @DefaultValue("bl1nk <no-reply@localhost>")
        String mailFrom,

        URI pwnedPasswordsUrl,
        @DefaultValue("3s") Duration pwnedPasswordsTimeout) {

    /** {@link #publicUrl} without a trailing slash. */
    public String base() {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
}
