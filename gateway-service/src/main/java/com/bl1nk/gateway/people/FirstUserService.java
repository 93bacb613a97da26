package com.bl1nk.gateway.people;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.web.FieldErrors;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The first person in: a single-use, expiring sign-up link issued when the platform first starts (and again from the
 * host with {@code ./bl1nk admin-key --first-user}) creates a platform admin who owns the platform's tenant. Only the
 * link's hash is stored; a fresh link ends the older unused ones. Blocking.
 */
@Service
public class FirstUserService {

    /** The {@code one_time_links.purpose} of first-user links. */
    static final String PURPOSE = "first_user";

    /** Path of the dashboard page a first-user link opens; the token is in the fragment. */
    public static final String SIGN_UP_PAGE = "/admin/#/first-user?token=";

    private final InvitationRepository links;
    private final PeopleService people;
    private final Passwords passwords;
    private final PeopleProperties properties;
    private final TransactionTemplate transactions;
    private final AuditPublisher audit;
    private final Clock clock;

    FirstUserService(
            InvitationRepository links,
            PeopleService people,
            Passwords passwords,
            PeopleProperties properties,
            TransactionTemplate transactions,
            AuditPublisher audit,
            Optional<Clock> clock) {
        this.links = links;
        this.people = people;
        this.passwords = passwords;
        this.properties = properties;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /**
     * Issues a first-user link into {@code tenantId}, ending older unused ones; joins the caller's transaction.
     * Publishes nothing (the caller audits with its own actor).
     *
     * @return the link, with its token, shown once
     */
    public String issueLink(UUID tenantId, String createdBy) {
        links.expireUnusedLinks(PURPOSE);
        String token = LinkTokens.generate();
        links.insertLink(
                PURPOSE,
                tenantId,
                null,
                LinkTokens.hash(token),
                createdBy,
                clock.instant().plus(properties.firstUserLinkTtl()));
        return properties.base() + SIGN_UP_PAGE + token;
    }

    /** Uses a first-user link: creates the user as platform admin and owner of the link's tenant, in one transaction. */
    public AcceptedInvitation signUp(FirstUserRequest request, String clientIp) {
        FieldErrors errors = new FieldErrors();
        String email = PeopleService.normalizeEmail(request.email());
        if (!LinkTokens.wellFormed(request.token())) {
            errors.add("token", "must be the token of a first-user link");
        }
        PeopleService.checkEmail(email, "email", errors);
        PeopleService.checkDisplayName(request.displayName(), "displayName", errors);
        passwords.check(request.password(), email, "password", errors);
        errors.throwIfAny();
        AcceptedInvitation created = transactions.execute(status -> {
            InvitationRepository.OneTimeLink link = links.lockLink(PURPOSE, LinkTokens.hash(request.token()))
                    .orElseThrow(
                            () -> ApiException.of(GatewayErrorCode.LINK_INVALID, "This first-user link is not valid"));
            if (link.usedAt() != null) {
                throw ApiException.of(GatewayErrorCode.LINK_USED, "This first-user link was already used");
            }
            Instant now = clock.instant();
            if (!now.isBefore(link.expiresAt())) {
                throw ApiException.of(
                        GatewayErrorCode.LINK_EXPIRED,
                        "This first-user link has expired; issue a new one with ./bl1nk admin-key --first-user");
            }
            UUID userId =
                    people.createUser(email, request.displayName().strip(), passwords.hash(request.password()), true);
            people.addMember(link.tenantId(), userId, Identity.OWNER, "first-user-link:" + link.id());
            links.markLinkUsed(link.id());
            return new AcceptedInvitation(userId, link.tenantId(), Identity.OWNER, true);
        });
        audit.publish(AuditRecorded.success(
                created.tenantId(),
                PeopleService.USER_PRINCIPAL + created.userId(),
                "user.first_user_created",
                "user",
                created.userId().toString(),
                Map.of("email", email, "platformAdmin", true, "ip", clientIp)));
        return created;
    }
}
