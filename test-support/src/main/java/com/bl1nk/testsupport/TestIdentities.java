package com.bl1nk.testsupport;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityTokenCodec;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;

/**
 * Identity tokens for tests, signed with the fixed test secret that {@link TestInfrastructure} gives the app, so tests
 * call services exactly as the gateway would.
 */
public final class TestIdentities {

    /** The {@code bl1nk.identity.secret} of every integration test context. */
    public static final String SECRET = "bl1nk-test-identity-secret-0123456789abcdef";

    /** The {@code bl1nk.crypto.master-key} of every integration test context (base64 of 32 bytes). */
    public static final String MASTER_KEY = "YmwxbmstdGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGVzISE=";

    private static final IdentityTokenCodec CODEC = new IdentityTokenCodec(SECRET);

    private TestIdentities() {}

    /** The codec with the test secret, to mint custom tokens. */
    public static IdentityTokenCodec codec() {
        return CODEC;
    }

    /** An identity of a user with {@code roles} and {@code scopes} in {@code tenant}. */
    public static Identity identity(UUID tenant, Set<String> roles, Set<String> scopes) {
        return new Identity(
                tenant, "user:test-" + String.join("-", roles.stream().sorted().toList()), roles, scopes, null);
    }

    /** An API-key identity ({@code key:<id>}) of {@code tenant} with a role and scopes, as the gateway forwards it. */
    public static Identity apiKey(UUID tenant, UUID apiKeyId, String role, Set<String> scopes) {
        return new Identity(tenant, "key:" + apiKeyId, Set.of(role), scopes, apiKeyId);
    }

    /** An owner of {@code tenant} (no API key scopes). */
    public static Identity owner(UUID tenant) {
        return identity(tenant, Set.of(Identity.OWNER), Set.of());
    }

    /** A token for an owner of {@code tenant}. */
    public static String token(UUID tenant) {
        return token(owner(tenant));
    }

    /** A token for {@code tenant} with the given roles and no scopes. */
    public static String token(UUID tenant, String... roles) {
        return token(identity(tenant, Set.of(roles), Set.of()));
    }

    /** A token for any identity, valid for 10 minutes. */
    public static String token(Identity identity) {
        return CODEC.mint(identity, Duration.ofMinutes(10));
    }

    /** Sets {@code X-Bl1nk-Identity} for an owner of {@code tenant}: {@code client.get().headers(asOwner(A))}. */
    public static Consumer<HttpHeaders> asOwner(UUID tenant) {
        return as(owner(tenant));
    }

    /** Sets {@code X-Bl1nk-Identity} for {@code identity}. */
    public static Consumer<HttpHeaders> as(Identity identity) {
        String token = token(identity);
        return headers -> headers.set(IdentityHeaders.IDENTITY, token);
    }
}
