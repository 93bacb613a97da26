package com.bl1nk.gateway.sso;

import com.bl1nk.common.identity.Identity;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One OIDC provider as a login uses it: the tenant's own (secret decrypted) or the platform's. Never logged whole: its
 * {@link #toString()} leaves the secret out.
 *
 * @param source {@code tenant} or {@code platform}
 * @param issuer issuer URL, compared exactly with the discovery document and every ID token
 * @param clientId client id at the provider, the ID token's expected audience
 * @param clientSecret client secret, or null for a public client
 * @param tokenAuthMethod {@code client_secret_basic}, {@code client_secret_post} or {@code none}
 * @param scopes scopes asked for
 * @param groupsClaim claim (dotted path) with the user's groups
 * @param roleMapping group to role
 * @param defaultRole role without a mapped group, or null to refuse
 * @param jitUsers whether a first login creates the user
 * @param ssoOnly whether the tenant's members may not use passwords
 */
record SsoProvider(
        String source,
        String issuer,
        String clientId,
        String clientSecret,
        String tokenAuthMethod,
        List<String> scopes,
        String groupsClaim,
        Map<String, String> roleMapping,
        String defaultRole,
        boolean jitUsers,
        boolean ssoOnly) {

    /** Roles from strongest to weakest: the strongest mapped group wins. */
    static final List<String> ROLES_BY_STRENGTH =
            List.of(Identity.OWNER, Identity.ADMIN, Identity.DEVELOPER, Identity.VIEWER);

    static final String BASIC = "client_secret_basic";
    static final String POST = "client_secret_post";
    static final String NONE = "none";

    /** The role for a user in these groups: the strongest mapped one, else the default role, else empty. */
    Optional<String> roleFor(Collection<String> groups) {
        String best = null;
        for (String group : groups) {
            String role = roleMapping.get(group);
            if (role != null && (best == null || ROLES_BY_STRENGTH.indexOf(role) < ROLES_BY_STRENGTH.indexOf(best))) {
                best = role;
            }
        }
        return Optional.ofNullable(best != null ? best : defaultRole);
    }

    @Override
    public String toString() {
        return "SsoProvider[source=" + source + ", issuer=" + issuer + ", clientId=" + clientId + ", tokenAuthMethod="
                + tokenAuthMethod + ", secret=" + (clientSecret == null ? "none" : "set") + "]";
    }
}
