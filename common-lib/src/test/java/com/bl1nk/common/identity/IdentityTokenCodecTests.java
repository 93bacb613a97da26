package com.bl1nk.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.error.ApiException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdentityTokenCodecTests {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final UUID TENANT = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final UUID KEY = UUID.fromString("22222222-2222-2222-2222-222222222222");

    private static final WorkloadKey GATEWAY_KEY = WorkloadKey.generate("gateway");
    private static final WorkloadKey RAG_KEY = WorkloadKey.generate("rag");
    private static final WorkloadKey TASK_KEY = WorkloadKey.generate("task");
    private static final TrustedKeys TRUSTED = TrustedKeys.of(List.of(GATEWAY_KEY, RAG_KEY, TASK_KEY));

    private final IdentityTokenCodec gateway = codec("gateway", GATEWAY_KEY, NOW);
    private final IdentityTokenCodec billing = codec("billing", null, NOW);
    private final Identity identity =
            new Identity(TENANT, "key:" + KEY, Set.of("developer"), Set.of("tasks:write", "agents:read"), KEY);

    private static IdentityTokenCodec codec(String self, WorkloadKey key, Instant at) {
        return new IdentityTokenCodec(self, key, TRUSTED, Duration.ofMinutes(5), Clock.fixed(at, ZoneOffset.UTC));
    }

    @Test
    void roundTripsAnIdentityWithItsIssuer() {
        IdentityTokenCodec.Verified verified = billing.verify(gateway.mint(identity, "billing"));
        assertThat(verified.identity()).isEqualTo(identity);
        assertThat(verified.issuer()).isEqualTo("gateway");
        assertThat(verified.fromGateway()).isTrue();
    }

    @Test
    void carriesAModelAllowlistAndLeavesItOutWhenThereIsNone() throws Exception {
        Identity limited = new Identity(
                TENANT, "key:" + KEY, Set.of("developer"), Set.of(), KEY, List.of("gpt-4o*", "mock-small"));
        String token = gateway.mint(limited, "billing");

        assertThat(billing.verify(token).identity().allowedModels()).containsExactly("gpt-4o*", "mock-small");
        assertThat(SignedJWT.parse(token).getJWTClaimsSet().getStringListClaim("models"))
                .containsExactly("gpt-4o*", "mock-small");
        String unlimited = gateway.mint(identity, "billing");
        assertThat(SignedJWT.parse(unlimited).getJWTClaimsSet().getClaims()).doesNotContainKey("models");
        assertThat(billing.verify(unlimited).identity().allowedModels()).isNull();
        assertThat(billing.verify(unlimited).identity().allowsModel("anything")).isTrue();
    }

    @Test
    void aServiceTokenNamesItsIssuerAndIsNotACallerIdentity() {
        Identity worker = Identity.service("task-service", TENANT, Set.of(), Set.of());
        IdentityTokenCodec task = codec("task", TASK_KEY, NOW);
        IdentityTokenCodec.Verified verified = billing.verify(task.mint(worker, "billing"));
        assertThat(verified.identity()).isEqualTo(worker);
        assertThat(verified.issuer()).isEqualTo("task");
        assertThat(verified.fromGateway()).isFalse();
    }

    @Test
    void tokensAreES256WithTheKeyIdAndAJti() throws Exception {
        SignedJWT jwt = SignedJWT.parse(gateway.mint(identity, "billing"));
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(GATEWAY_KEY.keyId()).startsWith("gateway.");
        assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("billing");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("gateway");
    }

    @Test
    void aTokenForAnotherAudienceIsRefused() {
        String forRag = gateway.mint(identity, "rag");
        assertThatThrownBy(() -> billing.verify(forRag))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("not meant for billing");
    }

    @Test
    void aWorkloadCannotSignAsAnotherEvenWithAValidKey() throws Exception {
        // rag's trusted key, but the claims say the gateway issued it
        String forged = sign(RAG_KEY, claims("gateway", "billing"));
        assertThatThrownBy(() -> billing.verify(forged))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("not the owner");
        // and a codec refuses to be built with another workload's key
        assertThatThrownBy(() -> codec("gateway", RAG_KEY, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to rag");
    }

    @Test
    void aKeyIdOfTheRightOwnerWithTheWrongKeyFailsTheSignature() throws Exception {
        WorkloadKey impostor = WorkloadKey.generate("gateway");
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(GATEWAY_KEY.keyId())
                        .build(),
                claims("gateway", "billing"));
        jwt.sign(new ECDSASigner(impostor.jwk()));
        assertThatThrownBy(() -> billing.verify(jwt.serialize()))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void anUntrustedKeyIsRefused() throws Exception {
        String token = sign(WorkloadKey.generate("gateway"), claims("gateway", "billing"));
        assertThatThrownBy(() -> billing.verify(token))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("unknown key");
    }

    @Test
    void rejectsAnExpiredToken() {
        String token = gateway.mint(identity, "billing", Duration.ofMinutes(5));
        IdentityTokenCodec later = codec("billing", null, NOW.plus(Duration.ofMinutes(6)));
        assertThatThrownBy(() -> later.verify(token))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("expired");
        assertThat(codec("billing", null, NOW.plus(Duration.ofMinutes(4)))
                        .verify(token)
                        .identity()
                        .tenantId())
                .isEqualTo(TENANT);
    }

    @Test
    void rejectsATamperedPayload() {
        String token = gateway.mint(identity, "billing");
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace(TENANT.toString(), UUID.randomUUID().toString());
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThatThrownBy(() -> billing.verify(tampered))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void rejectsAlgNoneAndHmac() throws Exception {
        PlainJWT unsigned = new PlainJWT(claims("gateway", "billing"));
        assertThatThrownBy(() -> billing.verify(unsigned.serialize()))
                .isInstanceOf(InvalidIdentityTokenException.class);
        String real = gateway.mint(identity, "billing");
        String noneHeader = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> billing.verify(noneHeader + real.substring(real.indexOf('.'))))
                .isInstanceOf(InvalidIdentityTokenException.class);
        // HS256 keyed with the public key material (the classic algorithm confusion) is refused by algorithm
        SignedJWT hmac = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(GATEWAY_KEY.keyId())
                        .build(),
                claims("gateway", "billing"));
        hmac.sign(new MACSigner(GATEWAY_KEY.publicHalf().toPem().getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> billing.verify(hmac.serialize()))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("algorithm");
    }

    @Test
    void rejectsATokenWithoutJti() throws Exception {
        JWTClaimsSet noJti = new JWTClaimsSet.Builder(claims("gateway", "billing"))
                .jwtID(null)
                .build();
        assertThatThrownBy(() -> billing.verify(sign(GATEWAY_KEY, noJti)))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("jti");
    }

    @Test
    void aValidlySignedJwtOfAnotherTypeIsRefused() throws Exception {
        // otherwise correct, signed by the gateway's key, but not typed as a bl1nk identity token
        SignedJWT other = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(GATEWAY_KEY.keyId())
                        .build(),
                claims("gateway", "billing"));
        other.sign(new ECDSASigner(GATEWAY_KEY.jwk()));
        assertThatThrownBy(() -> billing.verify(other.serialize()))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("typ");
    }

    @Test
    void aTokenThatLivesLongerThanAllowedIsRefused() {
        String day = gateway.mint(identity, "billing", Duration.ofHours(24));
        assertThatThrownBy(() -> billing.verify(day))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("lives longer");
        assertThat(billing.maxTokenLifetime(Duration.ofDays(2)).verify(day).issuer())
                .isEqualTo("gateway");
    }

    @Test
    void rejectsGarbageAndMissingTokens() {
        assertThatThrownBy(() -> billing.verify(null)).isInstanceOf(InvalidIdentityTokenException.class);
        assertThatThrownBy(() -> billing.verify("")).isInstanceOf(InvalidIdentityTokenException.class);
        assertThatThrownBy(() -> billing.verify("a.b.c")).isInstanceOf(InvalidIdentityTokenException.class);
    }

    @Test
    void aVerifyOnlyCodecCannotMint() {
        assertThatThrownBy(() -> billing.mint(identity, "task"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signing key");
    }

    @Test
    void keysRoundTripThroughPemAndAMismatchedPairIsRefused() {
        WorkloadKey read = WorkloadKey.parse("gateway", GATEWAY_KEY.toPem());
        assertThat(read.keyId()).isEqualTo(GATEWAY_KEY.keyId());
        assertThat(read.canSign()).isTrue();
        assertThat(WorkloadKey.parse("gateway", GATEWAY_KEY.publicHalf().toPem())
                        .canSign())
                .isFalse();
        String privateOfGateway =
                GATEWAY_KEY.toPem().substring(0, GATEWAY_KEY.toPem().indexOf("-----BEGIN PUBLIC"));
        String publicOfRag = RAG_KEY.publicHalf().toPem();
        assertThatThrownBy(() -> WorkloadKey.parse("gateway", privateOfGateway + publicOfRag))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not one key pair");
        assertThatThrownBy(() -> WorkloadKey.parse(
                        "gateway", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA" + " PRIVATE KEY-----\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported PEM block");
    }

    @Test
    void servicesCheckRolesAndScopesThroughThePermissionsTheirHandlersDeclare() {
        assertThat(identity.hasRole("developer")).isTrue();
        assertThat(identity.hasScope("tasks:write")).isTrue();
        Authorization.check(Permission.TASKS_WRITE, identity);
        assertThatThrownBy(() -> Authorization.check(Permission.AUDIT_READ, identity))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("missing_role");
                    assertThat(e.getBody().getDetail()).contains("audit:read").contains("owner or admin");
                });
        // narrowed to tasks:write, the key cannot use tools directly, yet the tasks it runs may (role only)
        assertThatThrownBy(() -> Authorization.check(Permission.TOOLS_USE, identity))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("missing_scope"));
        Authorization.checkRole(Permission.TOOLS_USE, identity);
        assertThatThrownBy(() -> Authorization.checkRole(Permission.TOOLS_ADMIN, identity))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("missing_role"));
        assertThatThrownBy(() -> Authorization.check(Permission.PLATFORM_ADMIN, identity))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("missing_scope"));
        assertThatThrownBy(() -> Authorization.check(Permission.INTERNAL, identity))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JWTClaimsSet claims(String issuer, String audience) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("key:x")
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plusSeconds(60)))
                .jwtID(UUID.randomUUID().toString())
                .claim("tid", TENANT.toString())
                .claim("roles", List.of("owner"))
                .claim("scopes", List.of())
                .build();
    }

    private static String sign(WorkloadKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.keyId()).build(), claims);
        jwt.sign(new ECDSASigner(key.jwk()));
        return jwt.serialize();
    }
}
