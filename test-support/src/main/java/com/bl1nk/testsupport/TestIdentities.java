package com.bl1nk.testsupport;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.common.identity.TrustedKeys;
import com.bl1nk.common.identity.WorkloadKey;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.http.HttpHeaders;

/**
 * Identity tokens for tests, signed with the gateway's test key ({@link TestKeys}) that every app under test trusts,
 * so tests call services exactly as the gateway would; {@link #serviceToken} signs as another workload.
 */
public final class TestIdentities {

    /** The {@code bl1nk.crypto.master-key} of every integration test context (base64 of 32 bytes). */
    public static final String MASTER_KEY = "YmwxbmstdGVzdC1tYXN0ZXIta2V5LTMyLWJ5dGVzISE=";

    /** The services a test caller token is addressed to (the gateway addresses each token to one). */
    public static final List<String> SERVICES = List.of("task", "rag", "mcp", "billing");

    private static final Map<String, IdentityTokenCodec> CODECS = new ConcurrentHashMap<>();

    private TestIdentities() {}

    /** The gateway's codec with its test key, to mint custom caller tokens. */
    public static IdentityTokenCodec codec() {
        return codec(IdentityTokenCodec.GATEWAY);
    }

    /** A codec that signs as {@code workload} with its test key (e.g. to play a compromised service). */
    public static IdentityTokenCodec codec(String workload) {
        return CODECS.computeIfAbsent(
                workload,
                w -> new IdentityTokenCodec(
                        w,
                        TestKeys.get().key(w),
                        TrustedKeys.of(TestKeys.WORKLOADS.stream()
                                .map(TestKeys.get()::key)
                                .toList()),
                        Duration.ofMinutes(10),
                        Clock.systemUTC()));
    }

    /** A token signed by {@code issuer}'s key for {@code audience}, acting for {@code identity}. */
    public static String serviceToken(String issuer, String audience, Identity identity) {
        return codec(issuer).mint(identity, audience, Duration.ofMinutes(1));
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

    /**
     * task-service's token acting for {@code identity}, for every other service: what a worker sends to internal
     * operations ({@code /internal/**}).
     */
    public static String internalToken(Identity identity) {
        return codec("task").mint(identity, List.of("rag", "mcp", "billing"), Duration.ofMinutes(10));
    }

    /**
     * What a compromised workload could forge: a token that claims to come from the gateway ({@code iss = gateway})
     * but is signed with {@code signedBy}'s own key.
     */
    public static String forgedGatewayToken(String signedBy, String audience, Identity identity) {
        WorkloadKey key = TestKeys.get().key(signedBy);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(new JOSEObjectType("bl1nk-identity+jwt"))
                        .keyID(key.keyId())
                        .build(),
                new JWTClaimsSet.Builder()
                        .issuer(IdentityTokenCodec.GATEWAY)
                        .audience(audience)
                        .subject(identity.principal())
                        .issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plusSeconds(60)))
                        .jwtID(UUID.randomUUID().toString())
                        .claim("tid", identity.tenantId().toString())
                        .claim("roles", List.copyOf(identity.roles()))
                        .claim("scopes", List.copyOf(identity.scopes()))
                        .build());
        try {
            jwt.sign(new ECDSASigner(key.jwk()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A gateway token for any identity, for every service, valid for 10 minutes. */
    public static String token(Identity identity) {
        return codec().mint(identity, SERVICES, Duration.ofMinutes(10));
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
