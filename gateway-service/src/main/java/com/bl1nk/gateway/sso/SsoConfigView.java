package com.bl1nk.gateway.sso;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A tenant's SSO configuration as the API shows it: never the client secret, only whether one is stored.
 *
 * @param tenantId the tenant
 * @param issuer issuer URL
 * @param clientId client id
 * @param clientSecretSet whether a client secret is stored
 * @param tokenAuthMethod how the gateway authenticates at the token endpoint
 * @param scopes scopes asked for
 * @param groupsClaim claim with the user's groups
 * @param roleMapping group to role
 * @param defaultRole role without a mapped group, or null
 * @param jitUsers whether first logins create users
 * @param ssoOnly whether members may only sign in by SSO
 * @param enabled whether logins are possible
 * @param loginPath where a browser starts a login (relative to the gateway)
 * @param callbackPath the redirect URI's path to register at the provider (relative to the gateway's public URL)
 * @param updatedAt last change
 * @param updatedBy who changed it last
 */
public record SsoConfigView(
        UUID tenantId,
        String issuer,
        String clientId,
        boolean clientSecretSet,
        String tokenAuthMethod,
        List<String> scopes,
        String groupsClaim,
        Map<String, String> roleMapping,
        String defaultRole,
        boolean jitUsers,
        boolean ssoOnly,
        boolean enabled,
        String loginPath,
        String callbackPath,
        Instant updatedAt,
        String updatedBy) {}
