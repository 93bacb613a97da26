package com.bl1nk.gateway.sso;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /api/v1/sso/config}: the tenant's OIDC provider; validated by {@link SsoConfigService} so every
 * error names its field.
 *
 * @param issuer the provider's issuer URL (https; http only for a host the operator allowlisted)
 * @param clientId client id registered at the provider
 * @param clientSecret client secret; stored encrypted and never shown again; omit to keep the stored one
 * @param tokenAuthMethod {@code client_secret_basic} (default), {@code client_secret_post} or {@code none} (public
 *     client, PKCE only)
 * @param scopes scopes to ask for; default {@code openid email profile}; must include {@code openid}
 * @param groupsClaim the ID-token claim with the user's groups; default {@code groups}; a dotted path reaches into
 *     objects ({@code realm_access.roles})
 * @param roleMapping group to role (owner, admin, developer or viewer); the strongest mapped group wins
 * @param defaultRole role of a user none of whose groups is mapped; null = such a user is refused
 * @param jitUsers whether a first login creates the bl1nk user (default true)
 * @param ssoOnly whether the tenant's members may only sign in by SSO (default false)
 * @param enabled whether logins through this provider are possible (default true)
 */
public record SsoConfigRequest(
        String issuer,
        String clientId,
        String clientSecret,
        String tokenAuthMethod,
        List<String> scopes,
        String groupsClaim,
        Map<String, String> roleMapping,
        String defaultRole,
        Boolean jitUsers,
        Boolean ssoOnly,
        Boolean enabled) {}
