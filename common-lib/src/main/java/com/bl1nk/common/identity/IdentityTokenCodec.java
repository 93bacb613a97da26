package com.bl1nk.common.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Mints and verifies the short-lived HS256 identity token the gateway (or a worker) hands to services, so a request
 * that bypasses the gateway carries no usable identity.
 */
public class IdentityTokenCodec {

    /** {@code iss} of every identity token. */
    public static final String ISSUER = "bl1nk-gateway";

    /** {@code aud} of every identity token. */
    public static final String AUDIENCE = "bl1nk-services";

    static final String CLAIM_TENANT = "tid";
    static final String CLAIM_ROLES = "roles";
    static final String CLAIM_SCOPES = "scopes";
    static final String CLAIM_API_KEY = "kid";

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

    private final byte[] secret;
    private final Duration defaultTtl;
    private final Clock clock;
    private final MACSigner signer;
    private final JWSVerifier verifier;

    /** A codec with the default 5 minute token lifetime. */
    public IdentityTokenCodec(String secret) {
        this(secret, Duration.ofMinutes(5), Clock.systemUTC());
    }

    public IdentityTokenCodec(String secret, Duration defaultTtl, Clock clock) {
        IdentityProperties.requireStrongSecret(secret);
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.defaultTtl = defaultTtl;
        this.clock = clock;
        try {
            this.signer = new MACSigner(this.secret);
            this.verifier = new MACVerifier(this.secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Unusable identity secret: " + e.getMessage(), e);
        }
    }

    /** Mints a token with the configured default lifetime. */
    public String mint(Identity identity) {
        return mint(identity, defaultTtl);
    }

    /** Mints a signed token for {@code identity} that expires after {@code ttl}. */
    public String mint(Identity identity, Duration ttl) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(identity.principal())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim(CLAIM_TENANT, identity.tenantId().toString())
                .claim(CLAIM_ROLES, List.copyOf(identity.roles()))
                .claim(CLAIM_SCOPES, List.copyOf(identity.scopes()));
        if (identity.apiKeyId() != null) {
            claims.claim(CLAIM_API_KEY, identity.apiKeyId().toString());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign identity token", e);
        }
        return jwt.serialize();
    }

    /**
     * Verifies signature, algorithm (HS256 only), issuer, audience and lifetime, and returns the identity.
     *
     * @throws InvalidIdentityTokenException if anything is wrong; the message is safe to log but not to return
     */
    public Identity verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidIdentityTokenException("missing identity token");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token.strip());
        } catch (ParseException | RuntimeException e) {
            throw new InvalidIdentityTokenException("malformed identity token", e);
        }
        if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new InvalidIdentityTokenException(
                    "unexpected identity token algorithm " + jwt.getHeader().getAlgorithm());
        }
        try {
            if (!jwt.verify(verifier)) {
                throw new InvalidIdentityTokenException("bad identity token signature");
            }
        } catch (JOSEException e) {
            throw new InvalidIdentityTokenException("identity token signature could not be verified", e);
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidIdentityTokenException("malformed identity token claims", e);
        }
        if (!ISSUER.equals(claims.getIssuer())) {
            throw new InvalidIdentityTokenException("wrong identity token issuer");
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(AUDIENCE)) {
            throw new InvalidIdentityTokenException("wrong identity token audience");
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new InvalidIdentityTokenException("identity token expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
            throw new InvalidIdentityTokenException("identity token not yet valid");
        }
        try {
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                throw new InvalidIdentityTokenException("identity token has no subject");
            }
            String tenant = claims.getStringClaim(CLAIM_TENANT);
            if (tenant == null) {
                throw new InvalidIdentityTokenException("identity token has no tenant");
            }
            String apiKey = claims.getStringClaim(CLAIM_API_KEY);
            return new Identity(
                    UUID.fromString(tenant),
                    subject,
                    toSet(claims.getStringListClaim(CLAIM_ROLES)),
                    toSet(claims.getStringListClaim(CLAIM_SCOPES)),
                    apiKey == null ? null : UUID.fromString(apiKey));
        } catch (ParseException | IllegalArgumentException e) {
            throw new InvalidIdentityTokenException("malformed identity token claims", e);
        }
    }

    private static Set<String> toSet(List<String> values) {
        return values == null ? Set.of() : new LinkedHashSet<>(values);
    }
}
