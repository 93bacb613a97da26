package com.bl1nk.gateway.sso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Every rule of ID-token verification on its own, with tokens signed here (the ITs cover the real provider's). */
class IdTokenVerifierTests {

    private static final String ISSUER = "https://idp.example.test";
    private static final String CLIENT = "bl1nk";
    private static final String NONCE = "nonce-123";
    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final RSAKey KEY = generate("k1");
    private static final RSAKey OTHER_KEY = generate("k1");

    private final IdTokenVerifier verifier =
            new IdTokenVerifier(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(60));

    private static RSAKey generate(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("user-1")
                .audience(CLIENT)
                .issueTime(Date.from(NOW.minusSeconds(5)))
                .expirationTime(Date.from(NOW.plusSeconds(300)))
                .claim("nonce", NONCE);
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private JWTClaimsSet verify(String token) {
        return verifier.verify(token, ISSUER, CLIENT, NONCE, refresh -> new JWKSet(KEY.toPublicJWK()));
    }

    private String reason(UnaryOperator<JWTClaimsSet.Builder> change) throws JOSEException {
        String token = sign(KEY, change.apply(claims()).build());
        try {
            verify(token);
            return "accepted";
        } catch (SsoLoginException e) {
            return e.reason();
        }
    }

    @Test
    void aProperTokenIsAccepted() throws JOSEException {
        assertThat(verify(sign(KEY, claims().build())).getSubject()).isEqualTo("user-1");
    }

    @Test
    void eachClaimRuleRefusesWithItsOwnReason() throws JOSEException {
        assertThat(reason(c -> c.issuer("https://evil.example.test"))).isEqualTo("wrong_issuer");
        assertThat(reason(c -> c.audience("another-client"))).isEqualTo("wrong_audience");
        assertThat(reason(c -> c.audience(List.of(CLIENT, "another-client")))).isEqualTo("wrong_authorized_party");
        assertThat(reason(c -> c.audience(List.of(CLIENT, "x")).claim("azp", CLIENT)))
                .isEqualTo("accepted");
        assertThat(reason(c -> c.claim("azp", "another-client"))).isEqualTo("wrong_authorized_party");
        assertThat(reason(c -> c.expirationTime(Date.from(NOW.minusSeconds(61)))))
                .isEqualTo("expired");
        assertThat(reason(c -> c.expirationTime(Date.from(NOW.minusSeconds(30)))))
                .as("within the skew")
                .isEqualTo("accepted");
        assertThat(reason(c -> c.expirationTime(null))).isEqualTo("no_expiry");
        assertThat(reason(c -> c.issueTime(Date.from(NOW.plusSeconds(600))))).isEqualTo("bad_issue_time");
        assertThat(reason(c -> c.claim("nonce", "replayed"))).isEqualTo("wrong_nonce");
        assertThat(reason(c -> c.claim("nonce", null))).isEqualTo("wrong_nonce");
        assertThat(reason(c -> c.subject(null))).isEqualTo("no_subject");
    }

    @Test
    void aTokenSignedByAnotherKeyWithTheSameKeyIdIsRefused() throws JOSEException {
        String forged = sign(OTHER_KEY, claims().build());

        assertThatThrownBy(() -> verify(forged))
                .isInstanceOfSatisfying(
                        SsoLoginException.class, e -> assertThat(e.reason()).isEqualTo("bad_signature"));
    }

    @Test
    void unsignedAndHmacTokensAreRefused() throws JOSEException {
        String plain = new PlainJWT(claims().build()).serialize();
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hmac.sign(new MACSigner("a-client-secret-that-is-long-enough-for-hs256!!"));

        assertThatThrownBy(() -> verify(plain))
                .isInstanceOfSatisfying(
                        SsoLoginException.class, e -> assertThat(e.reason()).isEqualTo("malformed"));
        assertThatThrownBy(() -> verify(hmac.serialize()))
                .isInstanceOfSatisfying(
                        SsoLoginException.class, e -> assertThat(e.reason()).isEqualTo("algorithm_not_allowed"));
    }

    @Test
    void anUnknownKeyIdFetchesTheKeySetOnceMore() throws JOSEException {
        RSAKey rotated = generate("k2");
        AtomicInteger fetches = new AtomicInteger();
        String token = sign(rotated, claims().build());

        JWTClaimsSet verified = verifier.verify(token, ISSUER, CLIENT, NONCE, refresh -> {
            fetches.incrementAndGet();
            return refresh ? new JWKSet(List.of(KEY.toPublicJWK(), rotated.toPublicJWK())) : new JWKSet(KEY);
        });

        assertThat(verified.getSubject()).isEqualTo("user-1");
        assertThat(fetches).hasValue(2);
    }
}
