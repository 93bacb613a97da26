package com.bl1nk.gateway.sso;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.tenant.TenantService;
import com.bl1nk.gateway.tenant.TenantView;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The OIDC login of one tenant, its blocking half: finding the tenant's provider and its endpoints, redeeming the code,
 * verifying the ID token, mapping groups to a role and writing the user, its SSO link and its membership in one
 * transaction (a refused login writes nothing), and auditing the outcome (who, from which IP, which issuer; never a
 * token). Blocking: call it off the event loop.
 */
@Service
class SsoLoginService {

    private static final Logger log = LoggerFactory.getLogger(SsoLoginService.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final int MAX_GROUPS = 1000;

    /**
     * Where a login is sent: the provider chosen for the tenant and its endpoints.
     *
     * @param tenant the tenant signed in to
     * @param provider its provider
     * @param metadata the provider's discovery document
     */
    record Target(TenantView tenant, SsoProvider provider, OidcClient.Metadata metadata) {}

    /**
     * A completed login.
     *
     * @param userId the signed-in user
     * @param tenantId the tenant
     * @param role the user's role in it now
     */
    record Outcome(UUID userId, UUID tenantId, String role, boolean confined) {}

    private final TenantService tenants;
    private final SsoConfigService configs;
    private final OidcClient client;
    private final SsoAccountRepository accounts;
    private final TransactionTemplate transactions;
    private final AuditPublisher audit;
    private final IdTokenVerifier verifier;

    SsoLoginService(
            TenantService tenants,
            SsoConfigService configs,
            OidcClient client,
            SsoAccountRepository accounts,
            TransactionTemplate transactions,
            AuditPublisher audit,
            SsoProperties properties,
            Optional<Clock> clock) {
        this.tenants = tenants;
        this.configs = configs;
        this.client = client;
        this.accounts = accounts;
        this.transactions = transactions;
        this.audit = audit;
        this.verifier = new IdTokenVerifier(clock.orElseGet(Clock::systemUTC), properties.clockSkew());
    }

    /** The active tenant with this slug; the same 404 for an unknown one as for one without SSO. */
    TenantView tenant(String slug) {
        return tenants.findBySlug(slug).filter(t -> "active".equals(t.status())).orElseThrow(() -> notConfigured(slug));
    }

    /** The provider and endpoints a login to {@code tenant} goes to. */
    Target target(TenantView tenant) {
        SsoProvider provider = configs.providerFor(tenant).orElseThrow(() -> notConfigured(tenant.slug()));
        return new Target(tenant, provider, client.metadata(provider.issuer()));
    }

    /** The provider's authorization URL for this attempt (code flow, PKCE S256, state and nonce). */
    static String authorizationUrl(Target target, LoginAttempts.Started started) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", target.provider().clientId());
        query.put("redirect_uri", started.attempt().redirectUri());
        query.put("scope", String.join(" ", target.provider().scopes()));
        query.put("state", started.state());
        query.put("nonce", started.attempt().nonce());
        query.put("code_challenge", LoginAttempts.challenge(started.attempt().codeVerifier()));
        query.put("code_challenge_method", "S256");
        StringBuilder url = new StringBuilder(target.metadata().authorizationEndpoint());
        char separator = url.indexOf("?") >= 0 ? '&' : '?';
        for (Map.Entry<String, String> entry : query.entrySet()) {
            url.append(separator)
                    .append(entry.getKey())
                    .append('=')
                    .append(URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8)
                            .replace("+", "%20"));
            separator = '&';
        }
        return url.toString();
    }

    /**
     * Completes a login whose attempt was taken out of the store: redeem, verify, map, write, audit. Every refusal is
     * an {@link SsoLoginException} and leaves the database as it was.
     */
    Outcome complete(TenantView tenant, LoginAttempts.Attempt attempt, String code, String callbackIssuer, String ip) {
        SsoProvider provider = configs.providerFor(tenant).orElseThrow(() -> notConfigured(tenant.slug()));
        if (!provider.issuer().equals(attempt.issuer()) || !provider.clientId().equals(attempt.clientId())) {
            throw SsoLoginException.of(
                    GatewayErrorCode.SSO_STATE_INVALID,
                    "config_changed",
                    "The tenant's SSO configuration changed during this login; start the login again");
        }
        if (callbackIssuer != null && !callbackIssuer.equals(provider.issuer())) {
            // RFC 9207: the response names the issuer that sent it, so a mixed-up provider is caught before redeeming
            throw SsoLoginException.of(
                    GatewayErrorCode.SSO_STATE_INVALID,
                    "wrong_issuer",
                    "The callback came from another issuer than the one this login was sent to");
        }
        OidcClient.Metadata meta = client.metadata(provider.issuer());
        OidcClient.Tokens tokens = client.redeem(provider, meta, code, attempt.redirectUri(), attempt.codeVerifier());
        JWTClaimsSet claims = verifier.verify(
                tokens.idToken(),
                provider.issuer(),
                provider.clientId(),
                attempt.nonce(),
                refresh -> client.keys(meta.jwksUri(), refresh));
        List<String> groups = groups(claims, provider.groupsClaim());
        String role = provider.roleFor(groups)
                .orElseThrow(() -> SsoLoginException.of(
                                GatewayErrorCode.SSO_NO_ROLE,
                                "no_role",
                                "None of your groups at the identity provider gives you a role in this tenant, and it"
                                        + " has no default role; ask its administrator to map one of your groups")
                        .with("groupsClaim", provider.groupsClaim()));
        String subject = claims.getSubject();
        String email = email(claims);
        boolean emailVerified = Boolean.TRUE.equals(claims.getClaim("email_verified"));
        Linked linked = transactions.execute(
                status -> link(tenant, provider, subject, email, emailVerified, displayName(claims, email), role));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("issuer", provider.issuer());
        details.put("provider", provider.source());
        details.put("subject", subject);
        details.put("ip", ip);
        details.put("role", linked.role());
        details.put("previousRole", String.valueOf(linked.previousRole()));
        details.put("userCreated", linked.created());
        details.put("linkedByEmail", linked.linkedByEmail());
        if (linked.ownerKept()) {
            details.put("ownerKept", "the mapping would demote the tenant's last owner");
        }
        audit.publish(AuditRecorded.success(
                tenant.id(),
                "user:" + linked.userId(),
                "sso.login",
                "user",
                linked.userId().toString(),
                details));
        log.info(
                "SSO login of user {} to tenant {} via {} as {}",
                linked.userId(),
                tenant.slug(),
                provider.issuer(),
                linked.role());
        return new Outcome(linked.userId(), tenant.id(), linked.role(), "tenant".equals(provider.source()));
    }

    /** Audits a refused login of a known tenant (no token, no code in the record). */
    void auditRefusal(TenantView tenant, String issuer, String code, String reason, String ip) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("issuer", String.valueOf(issuer));
        details.put("code", code);
        details.put("reason", reason);
        details.put("ip", ip);
        audit.publish(new AuditRecorded(
                tenant.id(),
                "anonymous",
                "sso.login",
                "tenant",
                tenant.id().toString(),
                AuditRecorded.FAILURE,
                details,
                Instant.now()));
    }

    private record Linked(
            UUID userId, String role, String previousRole, boolean created, boolean linkedByEmail, boolean ownerKept) {}

    private Linked link(
            TenantView tenant,
            SsoProvider provider,
            String subject,
            String email,
            boolean emailVerified,
            String displayName,
            String role) {
        accounts.lockMemberships(tenant.id());
        Optional<SsoAccountRepository.User> user = accounts.linkedUser(provider.issuer(), subject);
        boolean created = false;
        boolean byEmail = false;
        if (user.isPresent()) {
            accounts.touch(provider.issuer(), subject, email);
        } else {
            Optional<SsoAccountRepository.User> sameEmail =
                    email == null ? Optional.empty() : accounts.userByEmail(email);
            if (sameEmail.isPresent()) {
                requireLinkable(tenant, provider, sameEmail.get(), emailVerified);
                user = sameEmail;
                byEmail = true;
            } else if (!provider.jitUsers()) {
                throw refused(
                        "not_provisioned",
                        "No bl1nk user belongs to this identity and this tenant does not create users at their first"
                                + " login; ask its administrator to invite you");
            } else if (email == null) {
                throw refused(
                        "no_email",
                        "The identity provider sent no usable e-mail address (scope email, claim email), which a new"
                                + " bl1nk user needs");
            } else {
                UUID id = UUID.randomUUID();
                accounts.insertUser(id, email, displayName);
                user = Optional.of(new SsoAccountRepository.User(id, email, "active"));
                created = true;
            }
            accounts.link(provider.issuer(), subject, user.get().id(), email);
        }
        UUID userId = user.get().id();
        if (!"active".equals(user.get().status())) {
            throw refused("user_disabled", "This bl1nk user is disabled");
        }
        Optional<String> previous = accounts.role(tenant.id(), userId);
        String granted = role;
        boolean ownerKept = false;
        if (previous.isEmpty()) {
            accounts.insertMembership(tenant.id(), userId, role, "sso:" + provider.issuer());
        } else if (!previous.get().equals(role)) {
            if (Identity.OWNER.equals(previous.get())) {
                // only an owner demotes an owner, and an admin can edit the provider's mapping: SSO never demotes one
                granted = Identity.OWNER;
                ownerKept = true;
            } else {
                accounts.updateRole(tenant.id(), userId, role);
            }
        }
        return new Linked(userId, granted, previous.orElse(null), created, byEmail, ownerKept);
    }

    /**
     * An existing user is linked by e-mail only by the platform's provider (which the operator controls) and only when
     * it verified that e-mail; a tenant's own provider never links by e-mail: its administrators control it and could
     * claim any person by asserting their address.
     */
    private void requireLinkable(
            TenantView tenant, SsoProvider provider, SsoAccountRepository.User existing, boolean emailVerified) {
        if (!emailVerified) {
            throw refused(
                    "email_not_verified",
                    "A bl1nk user with this e-mail exists, but the identity provider did not verify the address"
                            + " (email_verified), so the accounts are not linked");
        }
        if ("tenant".equals(provider.source())) {
            // a tenant's administrators control its provider and could assert anyone's address: a tenant provider
            // never takes over an account by e-mail, not even a member's (whose other tenants it would reach)
            throw refused(
                    "email_taken",
                    "A bl1nk user with this e-mail already exists; this tenant's own identity provider cannot sign in"
                            + " to an existing account by e-mail. Sign in with your password instead, or ask the"
                            + " platform operator to link the accounts");
        }
    }

    private static List<String> groups(JWTClaimsSet claims, String path) {
        Object value = claims.getClaims();
        for (String part : path.split("\\.")) {
            value = value instanceof Map<?, ?> map ? map.get(part) : null;
        }
        List<String> groups = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            for (Object item : list) {
                if (item instanceof String s && groups.size() < MAX_GROUPS) {
                    groups.add(s);
                }
            }
        } else if (value instanceof String s) {
            groups.add(s);
        }
        return groups;
    }

    private static String email(JWTClaimsSet claims) {
        Object value = claims.getClaim("email");
        if (!(value instanceof String s)) {
            return null;
        }
        String email = s.strip().toLowerCase(Locale.ROOT);
        return email.length() <= 320 && EMAIL.matcher(email).matches() ? email : null;
    }

    private static String displayName(JWTClaimsSet claims, String email) {
        for (String claim : List.of("name", "preferred_username")) {
            if (claims.getClaim(claim) instanceof String s && !s.isBlank()) {
                String name = OidcClient.printable(s.strip());
                return name.length() > 200 ? name.substring(0, 200) : name;
            }
        }
        return email == null ? "SSO user" : email.substring(0, email.indexOf('@'));
    }

    private static SsoLoginException refused(String reason, String detail) {
        return SsoLoginException.of(GatewayErrorCode.SSO_USER_REFUSED, reason, detail);
    }

    private static SsoLoginException notConfigured(String slug) {
        return SsoLoginException.of(
                GatewayErrorCode.SSO_NOT_CONFIGURED,
                "not_configured",
                "Tenant '" + OidcClient.printable(String.valueOf(slug)) + "' does not exist or has no single sign-on");
    }

    /** The callback URL of a tenant under a base URL (the public URL, or the request's origin). */
    static String redirectUri(String base, String slug) {
        String origin = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(origin + SsoPaths.callback(slug)).toString();
    }
}
