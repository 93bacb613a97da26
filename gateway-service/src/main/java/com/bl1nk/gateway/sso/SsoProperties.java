package com.bl1nk.gateway.sso;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of OIDC single sign-on; tenants configure their own provider over the API, the platform may add one here.
 *
 * @param publicUrl the gateway's URL as browsers reach it (e.g. {@code https://bl1nk.example.com}), from which the
 *     callback URL registered at providers is built; empty = taken from each request's scheme and host
 * @param loginTimeout how long a started login may take at the provider before its state expires
 * @param connectTimeout connect timeout towards a provider (discovery, token, keys)
 * @param requestTimeout time a provider has to answer one request completely
 * @param maxResponseSize the largest discovery document, key set or token response read from a provider
 * @param metadataCacheTtl how long a provider's discovery document and key set are reused before being fetched again
 * @param clockSkew tolerance for {@code exp} and {@code iat} of ID tokens against the gateway's clock
 * @param successRedirect where the browser goes after a login without a return path
 * @param cookieSecure whether the login-attempt cookie is {@code Secure}; false only for plain-http loopback setups
 * @param platform the optional platform-wide provider, for tenants without their own
 */
@Validated
@ConfigurationProperties("bl1nk.gateway.sso")
public record SsoProperties(
        String publicUrl,
        @NotNull @DefaultValue("10m") Duration loginTimeout,
        @NotNull @DefaultValue("5s") Duration connectTimeout,
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @NotNull @DefaultValue("512KB") DataSize maxResponseSize,
        @NotNull @DefaultValue("1h") Duration metadataCacheTtl,
        @NotNull @DefaultValue("60s") Duration clockSkew,
        @NotNull @DefaultValue("/admin") String successRedirect,
        @DefaultValue("true") boolean cookieSecure,
        @Valid @NotNull @DefaultValue Platform platform) {

    /**
     * The platform-wide provider (configured only from properties / the environment, its secret never stored).
     *
     * @param issuer issuer URL; empty = no platform provider ({@code BL1NK_SSO_ISSUER})
     * @param clientId client id at the provider ({@code BL1NK_SSO_CLIENT_ID})
     * @param clientSecret client secret, only from the environment ({@code BL1NK_SSO_CLIENT_SECRET}); empty = a public
     *     client that relies on PKCE alone
     * @param tokenAuthMethod {@code client_secret_basic}, {@code client_secret_post} or {@code none}
     * @param scopes scopes asked for; must include {@code openid}
     * @param groupsClaim the ID-token claim holding the user's groups (a dotted path reaches into objects)
     * @param roleMapping {@code group=role} entries (role owner, admin, developer or viewer)
     * @param defaultRole role of a user none of whose groups is mapped; empty = such a user is refused
     * @param jitUsers whether a first login creates the bl1nk user
     * @param tenants slugs of the tenants (without a provider of their own) this provider signs in to; {@code *} = all
     */
    public record Platform(
            String issuer,
            String clientId,
            String clientSecret,
            @DefaultValue("client_secret_basic") String tokenAuthMethod,
            @DefaultValue({"openid", "email", "profile"}) List<String> scopes,
            @DefaultValue("groups") String groupsClaim,
            List<String> roleMapping,
            String defaultRole,
            @DefaultValue("true") boolean jitUsers,
            List<String> tenants) {

        public Platform {
            scopes = scopes == null ? List.of("openid", "email", "profile") : List.copyOf(scopes);
            roleMapping = roleMapping == null ? List.of() : List.copyOf(roleMapping);
            tenants = tenants == null ? List.of() : List.copyOf(tenants);
        }

        /** Whether a platform provider is configured at all. */
        public boolean configured() {
            return issuer != null && !issuer.isBlank();
        }

        /** Whether it serves the tenant with this slug. */
        public boolean serves(String slug) {
            return configured() && (tenants.contains("*") || tenants.contains(slug));
        }
    }
}
