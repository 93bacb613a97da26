package com.bl1nk.gateway.people;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.tenant.TenantService;
import com.bl1nk.gateway.tenant.TenantView;
import com.bl1nk.gateway.web.FieldErrors;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invitations into a tenant by single-use, expiring link: managers invite with a role not above their own, the link
 * (only its hash is stored) is shown to the inviter and mailed when SMTP is configured, and accepting creates the user
 * (or joins the signed-in one) and the membership in one transaction. Blocking.
 */
@Service
public class InvitationService {

    /** Path of the dashboard page an invitation link opens; the token is in the fragment, never sent to a server. */
    public static final String ACCEPT_PAGE = "/admin/#/accept-invitation?token=";

    private final InvitationRepository invitations;
    private final PeopleService people;
    private final Passwords passwords;
    private final TenantService tenants;
    private final InvitationMailer mailer;
    private final PeopleProperties properties;
    private final TransactionTemplate transactions;
    private final AuditPublisher audit;
    private final Clock clock;

    InvitationService(
            InvitationRepository invitations,
            PeopleService people,
            Passwords passwords,
            TenantService tenants,
            InvitationMailer mailer,
            PeopleProperties properties,
            TransactionTemplate transactions,
            AuditPublisher audit,
            Optional<Clock> clock) {
        this.invitations = invitations;
        this.people = people;
        this.passwords = passwords;
        this.tenants = tenants;
        this.mailer = mailer;
        this.properties = properties;
        this.transactions = transactions;
        this.audit = audit;
        this.clock = clock.orElseGet(Clock::systemUTC);
    }

    /** Invites someone into the caller's tenant. */
    public CreatedInvitation invite(Identity caller, CreateInvitationRequest request, String clientIp) {
        Authorization.check(Permission.MEMBERS_ADMIN, caller);
        FieldErrors errors = new FieldErrors();
        String email = PeopleService.normalizeEmail(request == null ? null : request.email());
        String role = request == null || request.role() == null
                ? null
                : request.role().strip();
        PeopleService.checkEmail(email, "email", errors);
        if (!Roles.known(role)) {
            errors.add("role", "must be one of owner, admin, developer, viewer");
        }
        errors.throwIfAny();
        if (Roles.rank(role) > Roles.highest(caller.roles()) && !PeopleService.actsAsOwner(caller)) {
            throw ApiException.of(
                    GatewayErrorCode.ROLE_NOT_GRANTABLE, "You cannot invite with role " + role + ", above your own");
        }
        if (Identity.OWNER.equals(role) && !PeopleService.actsAsOwner(caller)) {
            throw ApiException.of(GatewayErrorCode.OWNER_MEMBER, "Only an owner can invite an owner");
        }
        TenantView tenant =
                tenants.find(caller.tenantId()).orElseThrow(() -> ApiException.notFound("tenant", caller.tenantId()));
        if (people.isMember(tenant.id(), email)) {
            throw ApiException.of(GatewayErrorCode.ALREADY_MEMBER, email + " already belongs to this tenant");
        }
        String token = LinkTokens.generate();
        Instant expires = clock.instant().plus(properties.invitationTtl());
        InvitationView invitation =
                invitations.insert(tenant.id(), email, role, LinkTokens.hash(token), caller.principal(), expires);
        String link = properties.base() + ACCEPT_PAGE + token;
        boolean emailed = mailer.send(email, tenant.name(), role, inviterName(caller), link);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("email", email);
        details.put("role", role);
        details.put("expiresAt", expires.toString());
        details.put("emailed", emailed);
        details.put("ip", clientIp);
        audit.publish(AuditRecorded.success(
                tenant.id(),
                caller.principal(),
                "invitation.created",
                "invitation",
                invitation.id().toString(),
                details));
        return new CreatedInvitation(invitation, link, emailed);
    }

    /** One page of the caller's tenant's invitations, newest first. */
    public Page<InvitationView> list(Identity caller, Integer limit, String cursor) {
        Authorization.check(Permission.MEMBERS_ADMIN, caller);
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        List<InvitationView> rows = invitations.list(
                caller.tenantId(),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                size + 1);
        return Page.of(rows, size, invitation -> Cursors.encode(invitation.createdAt(), invitation.id()));
    }

    /** Revokes a pending invitation of the caller's tenant; 404 for another tenant's. */
    public void revoke(Identity caller, UUID id, String clientIp) {
        Authorization.check(Permission.MEMBERS_ADMIN, caller);
        InvitationView invitation =
                invitations.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("invitation", id));
        if (invitations.revoke(caller.tenantId(), id)) {
            audit.publish(AuditRecorded.success(
                    caller.tenantId(),
                    caller.principal(),
                    "invitation.revoked",
                    "invitation",
                    id.toString(),
                    Map.of("email", invitation.email(), "ip", clientIp)));
        }
    }

    /**
     * Accepts an invitation as a new user with a password: creates the user and the membership and uses the token,
     * all in one transaction.
     */
    public AcceptedInvitation acceptAsNewUser(String token, String displayName, String password, String clientIp) {
        FieldErrors errors = new FieldErrors();
        if (!LinkTokens.wellFormed(token)) {
            errors.add("token", "must be the token of an invitation link");
        }
        PeopleService.checkDisplayName(displayName, "displayName", errors);
        errors.throwIfAny();
        AcceptedInvitation accepted = transactions.execute(status -> {
            InvitationView invitation = usable(token);
            FieldErrors passwordErrors = new FieldErrors();
            passwords.check(password, invitation.email(), "password", passwordErrors);
            passwordErrors.throwIfAny();
            UUID userId = people.createUser(invitation.email(), displayName.strip(), passwords.hash(password), false);
            people.addMember(invitation.tenantId(), userId, invitation.role(), "invitation:" + invitation.id());
            invitations.markAccepted(invitation.id(), userId);
            return new AcceptedInvitation(userId, invitation.tenantId(), invitation.role(), true);
        });
        auditAccepted(accepted, clientIp);
        return accepted;
    }

    /** Accepts an invitation as the signed-in user {@code userId}, whose e-mail must be the invited one. */
    public AcceptedInvitation acceptAsUser(String token, UUID userId, String clientIp) {
        if (!LinkTokens.wellFormed(token)) {
            new FieldErrors()
                    .add("token", "must be the token of an invitation link")
                    .throwIfAny();
        }
        UserAccount user = people.findById(userId).orElseThrow(() -> ApiException.unauthorized("Sign in again"));
        AcceptedInvitation accepted = transactions.execute(status -> {
            InvitationView invitation = usable(token);
            if (!invitation.email().equals(user.email())) {
                throw ApiException.of(
                        GatewayErrorCode.INVITATION_EMAIL_MISMATCH,
                        "This invitation is for another e-mail address; sign in as the invited user");
            }
            people.addMember(invitation.tenantId(), userId, invitation.role(), "invitation:" + invitation.id());
            invitations.markAccepted(invitation.id(), userId);
            return new AcceptedInvitation(userId, invitation.tenantId(), invitation.role(), false);
        });
        auditAccepted(accepted, clientIp);
        return accepted;
    }

    private InvitationView usable(String token) {
        InvitationView invitation = invitations
                .lockByTokenHash(LinkTokens.hash(token))
                .orElseThrow(() -> ApiException.of(GatewayErrorCode.LINK_INVALID, "This invitation link is not valid"));
        if (invitation.acceptedAt() != null || "revoked".equals(invitation.status())) {
            throw ApiException.of(GatewayErrorCode.LINK_USED, "This invitation was already used or revoked");
        }
        if (!clock.instant().isBefore(invitation.expiresAt())) {
            throw ApiException.of(
                    GatewayErrorCode.LINK_EXPIRED,
                    "This invitation expired at " + invitation.expiresAt() + "; ask for a new one");
        }
        return invitation;
    }

    private void auditAccepted(AcceptedInvitation accepted, String clientIp) {
        audit.publish(AuditRecorded.success(
                accepted.tenantId(),
                PeopleService.USER_PRINCIPAL + accepted.userId(),
                "invitation.accepted",
                "user",
                accepted.userId().toString(),
                Map.of("role", accepted.role(), "newUser", accepted.newUser(), "ip", clientIp)));
    }

    private static String inviterName(Identity caller) {
        return caller.principal().startsWith(PeopleService.USER_PRINCIPAL)
                ? "A member of your team"
                : "An administrator";
    }
}
