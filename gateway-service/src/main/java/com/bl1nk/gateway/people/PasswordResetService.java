package com.bl1nk.gateway.people;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.web.FieldErrors;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Password reset by single-use, expiring link: mailed to the user when SMTP is configured (the request answers the
 * same whether or not the e-mail exists), or handed to a platform admin, who passes it on. Using it sets the new
 * password; the caller ends the user's sessions. Only the link's hash is stored. Blocking.
 */
@Service
public class PasswordResetService {

    /** The {@code one_time_links.purpose} of password-reset links. */
    static final String PURPOSE = "password_reset";

    /** Path of the dashboard page a reset link opens; the token is in the fragment. */
    public static final String RESET_PAGE = "/admin/#/reset-password?token=";

    private final InvitationRepository links;
    private final UserRepository users;
    private final Passwords passwords;
    private final InvitationMailer mailer;
    private final PeopleProperties properties;
    private final TransactionTemplate transactions;
    private final AuditPublisher audit;
    private final Clock clock;

    PasswordResetService(
            InvitationRepository links,
            UserRepository users,
            Passwords passwords,
            InvitationMailer mailer,
            PeopleProperties properties,
            TransactionTemplate transactions,
            AuditPublisher audit,
            Optional<Clock> clock) {
        this.links = links;
        this.users = users;
        this.passwords = passwords;
        this.mailer = mailer;
        this.properties = properties;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /**
     * Mails a reset link to {@code email} if it belongs to an active user and SMTP is configured; otherwise does
     * nothing. Either way the caller answers the same, so the request tells nothing about who has an account.
     */
    public void requestByEmail(String email, String clientIp) {
        FieldErrors errors = new FieldErrors();
        String normalized = PeopleService.normalizeEmail(email);
        PeopleService.checkEmail(normalized, "email", errors);
        errors.throwIfAny();
        if (!mailer.configured()) {
            return;
        }
        Optional<UserAccount> user = users.findByEmail(normalized).filter(UserAccount::active);
        if (user.isEmpty()) {
            return;
        }
        String link = issue(user.get().id(), "self-service");
        boolean sent = mailer.sendPasswordReset(user.get().email(), link);
        auditIssued(user.get().id(), "self-service", sent ? "mail" : "mail failed", clientIp);
    }

    /** A reset link for {@code userId}, for a platform admin to hand over (the user may not have mail). */
    public ResetLink issueFor(Identity caller, UUID userId, String clientIp) {
        Authorization.check(Permission.PLATFORM_ADMIN, caller);
        UserAccount user = users.findById(userId).orElseThrow(() -> ApiException.notFound("user", userId));
        String link = issue(user.id(), caller.principal());
        auditIssued(user.id(), caller.principal(), "shown to the platform admin", clientIp);
        return new ResetLink(user.id(), link, clock.instant().plus(properties.passwordResetTtl()));
    }

    /**
     * Sets a new password with a reset link, in one transaction.
     *
     * @return the user whose password changed (the caller ends their sessions)
     */
    public UUID complete(String token, String password, String clientIp) {
        if (!LinkTokens.wellFormed(token)) {
            new FieldErrors()
                    .add("token", "must be the token of a password-reset link")
                    .throwIfAny();
        }
        UUID userId = transactions.execute(status -> {
            InvitationRepository.OneTimeLink link = links.lockLink(PURPOSE, LinkTokens.hash(token))
                    .orElseThrow(() ->
                            ApiException.of(GatewayErrorCode.LINK_INVALID, "This password-reset link is not valid"));
            if (link.usedAt() != null) {
                throw ApiException.of(GatewayErrorCode.LINK_USED, "This password-reset link was already used");
            }
            if (!clock.instant().isBefore(link.expiresAt())) {
                throw ApiException.of(
                        GatewayErrorCode.LINK_EXPIRED, "This password-reset link has expired; ask for a new one");
            }
            UserAccount user = users.findById(link.userId()).orElseThrow();
            FieldErrors errors = new FieldErrors();
            passwords.check(password, user.email(), "password", errors);
            errors.throwIfAny();
            users.setPassword(user.id(), passwords.hash(password));
            links.markLinkUsed(link.id());
            // an older reset link (say one a mailbox thief still holds) must not reset the new password again
            links.expireUnusedLinksOf(PURPOSE, user.id());
            return user.id();
        });
        for (TenantMembership tenant : tenantsForAudit(userId)) {
            audit.publish(AuditRecorded.success(
                    tenant.tenantId(),
                    PeopleService.USER_PRINCIPAL + userId,
                    "user.password_reset",
                    "user",
                    userId.toString(),
                    Map.of("ip", clientIp)));
        }
        return userId;
    }

    private String issue(UUID userId, String createdBy) {
        String token = LinkTokens.generate();
        Instant expires = clock.instant().plus(properties.passwordResetTtl());
        transactions.executeWithoutResult(
                status -> links.insertLink(PURPOSE, null, userId, LinkTokens.hash(token), createdBy, expires));
        return properties.base() + RESET_PAGE + token;
    }

    private void auditIssued(UUID userId, String by, String delivery, String clientIp) {
        for (TenantMembership tenant : tenantsForAudit(userId)) {
            audit.publish(AuditRecorded.success(
                    tenant.tenantId(),
                    by.equals("self-service") ? PeopleService.USER_PRINCIPAL + userId : by,
                    "password_reset.issued",
                    "user",
                    userId.toString(),
                    Map.of("delivery", delivery, "ip", clientIp)));
        }
    }

    /** Audit events belong to a tenant: a user's events go to each tenant they belong to. */
    private List<TenantMembership> tenantsForAudit(UUID userId) {
        return users.tenantsOf(userId);
    }

    /**
     * A password-reset link for the platform admin to pass on.
     *
     * @param userId whose password it resets
     * @param link the link, with its single-use token, shown once
     * @param expiresAt until when it works
     */
    public record ResetLink(UUID userId, String link, Instant expiresAt) {}
}
