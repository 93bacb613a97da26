package com.bl1nk.gateway.sso;

import com.bl1nk.gateway.error.GatewayErrorCode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Verifies an ID token as OIDC Core 3.1.3.7 asks: an asymmetric signature by a key of the provider's key set (no
 * {@code none}, no HMAC), then {@code iss}, {@code aud} (and {@code azp} when there are several audiences or it is
 * present), {@code exp} and {@code iat} within the clock skew, and the {@code nonce} of this login attempt.
 */
final class IdTokenVerifier {

    /** Signature algorithms accepted: the asymmetric ones (a client secret must never be a verification key). */
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);

    private final Clock clock;
    private final Duration skew;

    IdTokenVerifier(Clock clock, Duration skew) {
        this.clock = clock;
        this.skew = skew;
    }

    /**
     * The verified claims of {@code idToken}.
     *
     * @param keys the provider's key set; called again with {@code true} once when no key matches (rotation)
     */
    JWTClaimsSet verify(String idToken, String issuer, String clientId, String nonce, Function<Boolean, JWKSet> keys) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(idToken);
        } catch (ParseException e) {
            throw invalid("malformed", "The ID token is not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw invalid(
                    "algorithm_not_allowed",
                    "The ID token is signed with " + header.getAlgorithm() + "; only asymmetric algorithms (RS*, PS*,"
                            + " ES*) are accepted");
        }
        List<JWK> candidates = candidates(header, keys.apply(false));
        if (candidates.isEmpty()) {
            candidates = candidates(header, keys.apply(true));
        }
        if (candidates.isEmpty()) {
            throw invalid("unknown_key", "No key of the provider's key set matches the ID token's key id");
        }
        if (!verified(jwt, candidates)) {
            throw invalid("bad_signature", "The ID token's signature does not verify with the provider's keys");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("malformed", "The ID token's claims are not a JSON object");
        }
        check(
                () -> issuer.equals(claims.getIssuer()),
                "wrong_issuer",
                "The ID token was issued by '" + OidcClient.printable(String.valueOf(claims.getIssuer()))
                        + "', not by the configured issuer");
        List<String> audience = claims.getAudience();
        check(
                () -> audience != null && audience.contains(clientId),
                "wrong_audience",
                "The ID token is meant for " + OidcClient.printable(String.valueOf(audience))
                        + ", not for this client ('" + clientId + "')");
        String azp = stringClaim(claims, "azp");
        check(
                () -> azp == null ? audience.size() == 1 : azp.equals(clientId),
                "wrong_authorized_party",
                "The ID token's authorized party (azp) is not this client");
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        check(() -> exp != null, "no_expiry", "The ID token has no expiry (exp)");
        check(
                () -> exp.toInstant().plus(skew).isAfter(now),
                "expired",
                "The ID token expired at " + exp.toInstant() + "; start the login again");
        Date iat = claims.getIssueTime();
        check(
                () -> iat != null && !iat.toInstant().minus(skew).isAfter(now),
                "bad_issue_time",
                "The ID token has no issue time (iat) or one in the future");
        String tokenNonce = stringClaim(claims, "nonce");
        check(
                () -> tokenNonce != null
                        && MessageDigest.isEqual(
                                tokenNonce.getBytes(StandardCharsets.UTF_8), nonce.getBytes(StandardCharsets.UTF_8)),
                "wrong_nonce",
                "The ID token's nonce does not belong to this login attempt");
        String subject = claims.getSubject();
        check(
                () -> subject != null && !subject.isBlank() && subject.length() <= 255,
                "no_subject",
                "The ID token has no usable subject (sub)");
        return claims;
    }

    private static List<JWK> candidates(JWSHeader header, JWKSet set) {
        return new JWKSelector(JWKMatcher.forJWSHeader(header)).select(set);
    }

    private static boolean verified(SignedJWT jwt, List<JWK> candidates) {
        DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();
        for (JWK jwk : candidates) {
            try {
                for (Key key : KeyConverter.toJavaKeys(List.of(jwk))) {
                    if (key instanceof java.security.PublicKey) {
                        JWSVerifier verifier = factory.createJWSVerifier(jwt.getHeader(), key);
                        if (jwt.verify(verifier)) {
                            return true;
                        }
                    }
                }
            } catch (JOSEException e) {
                // this key cannot verify this token; try the next
            }
        }
        return false;
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    private static void check(BooleanSupplier condition, String reason, String detail) {
        if (!condition.getAsBoolean()) {
            throw invalid(reason, detail);
        }
    }

    private static SsoLoginException invalid(String reason, String detail) {
        return SsoLoginException.of(GatewayErrorCode.SSO_TOKEN_INVALID, reason, detail);
    }
}
