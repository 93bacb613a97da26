package com.bl1nk.common.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.error.ApiException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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

    private static final String SECRET = "test-secret-that-is-definitely-longer-than-32-bytes";
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final UUID TENANT = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final UUID KEY = UUID.fromString("22222222-2222-2222-2222-222222222222");

    private final IdentityTokenCodec codec = codecAt(NOW);
    private final Identity identity =
            new Identity(TENANT, "key:" + KEY, Set.of("developer"), Set.of("tasks:write", "agents:read"), KEY);

    private static IdentityTokenCodec codecAt(Instant instant) {
        return new IdentityTokenCodec(SECRET, Duration.ofMinutes(5), Clock.fixed(instant, ZoneOffset.UTC));
    }

    @Test
    void roundTripsAnIdentity() {
        String token = codec.mint(identity, Duration.ofMinutes(5));
        assertThat(codec.verify(token)).isEqualTo(identity);
    }

    @Test
    void roundTripsAServiceIdentityWithoutApiKey() {
        Identity worker = Identity.service("task-service", TENANT, Set.of(), Set.of());
        assertThat(codec.verify(codec.mint(worker))).isEqualTo(worker);
    }

    @Test
    void rejectsAnExpiredToken() {
        String token = codec.mint(identity, Duration.ofMinutes(5));
        IdentityTokenCodec later = codecAt(NOW.plus(Duration.ofMinutes(6)));
        assertThatThrownBy(() -> later.verify(token))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void acceptsATokenWithinItsLifetime() {
        String token = codec.mint(identity, Duration.ofMinutes(5));
        assertThat(codecAt(NOW.plus(Duration.ofMinutes(4))).verify(token).tenantId())
                .isEqualTo(TENANT);
    }

    @Test
    void rejectsATamperedPayload() {
        String token = codec.mint(identity, Duration.ofMinutes(5));
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String forged = payload.replace(TENANT.toString(), UUID.randomUUID().toString());
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(forged.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThatThrownBy(() -> codec.verify(tampered))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("signature");
    }

    @Test
    void rejectsATokenSignedWithAnotherSecret() {
        IdentityTokenCodec other = new IdentityTokenCodec(
                "another-secret-that-is-also-longer-than-32-bytes",
                Duration.ofMinutes(5),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatThrownBy(() -> codec.verify(other.mint(identity))).isInstanceOf(InvalidIdentityTokenException.class);
    }

    @Test
    void rejectsAlgNone() {
        PlainJWT unsigned = new PlainJWT(claims(IdentityTokenCodec.ISSUER, IdentityTokenCodec.AUDIENCE));
        assertThatThrownBy(() -> codec.verify(unsigned.serialize())).isInstanceOf(InvalidIdentityTokenException.class);
        // A "none" header glued to a real signature must fail too.
        String real = codec.mint(identity);
        String noneHeader = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        String forged = noneHeader + real.substring(real.indexOf('.'));
        assertThatThrownBy(() -> codec.verify(forged)).isInstanceOf(InvalidIdentityTokenException.class);
    }

    @Test
    void rejectsOtherHmacAlgorithms() throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader(JWSAlgorithm.HS512), claims(IdentityTokenCodec.ISSUER, IdentityTokenCodec.AUDIENCE));
        jwt.sign(new MACSigner((SECRET + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> codec.verify(jwt.serialize()))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("algorithm");
    }

    @Test
    void rejectsWrongIssuerAndAudience() throws Exception {
        assertThatThrownBy(() -> codec.verify(sign(claims("someone-else", IdentityTokenCodec.AUDIENCE))))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("issuer");
        assertThatThrownBy(() -> codec.verify(sign(claims(IdentityTokenCodec.ISSUER, "other-audience"))))
                .isInstanceOf(InvalidIdentityTokenException.class)
                .hasMessageContaining("audience");
    }

    @Test
    void rejectsGarbageAndMissingTokens() {
        assertThatThrownBy(() -> codec.verify(null)).isInstanceOf(InvalidIdentityTokenException.class);
        assertThatThrownBy(() -> codec.verify("")).isInstanceOf(InvalidIdentityTokenException.class);
        assertThatThrownBy(() -> codec.verify("a.b.c")).isInstanceOf(InvalidIdentityTokenException.class);
    }

    @Test
    void refusesAShortSecretNamingTheEnvironmentVariable() {
        assertThatThrownBy(() -> new IdentityTokenCodec("short"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("BL1NK_IDENTITY_SECRET");
    }

    @Test
    void identityChecksRolesAndScopes() {
        assertThat(identity.hasRole("developer")).isTrue();
        assertThat(identity.hasScope("tasks:write")).isTrue();
        identity.requireRole("owner", "developer");
        assertThatThrownBy(() -> identity.requireRole("owner")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.getStatusCode().value()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("missing_role");
        });
        assertThatThrownBy(() -> identity.requireScope("billing:read"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("missing_scope"));
    }

    private static JWTClaimsSet claims(String issuer, String audience) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject("key:x")
                .expirationTime(Date.from(NOW.plusSeconds(60)))
                .claim("tid", TENANT.toString())
                .claim("roles", List.of("owner"))
                .claim("scopes", List.of())
                .build();
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
