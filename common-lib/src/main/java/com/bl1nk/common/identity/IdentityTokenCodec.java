package com.bl1nk.common.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mints and verifies the short-lived ES256 tokens that carry an {@link Identity} between bl1nk's workloads.
 *
 * <p>A token's {@code iss} is the workload that signed it and must be the owner of the signing key (key ids are
 * {@code <owner>.<thumbprint>}), so no workload can sign as another. Tokens with {@code iss = gateway} assert a caller's
 * identity; a token from any other workload is a service call acting for a tenant, which the callee admits only for
 * the operations it lists for that caller ({@link CallerPolicy}). {@code aud} names the callee; every token has
 * {@code exp} and a {@code jti}.
 */
public class IdentityTokenCodec {

    /** The only workload whose tokens assert a caller's identity. */
    public static final String GATEWAY = "gateway";

    static final String CLAIM_TENANT = "tid";
    static final String CLAIM_ROLES = "roles";
    static final String CLAIM_SCOPES = "scopes";
    static final String CLAIM_API_KEY = "kid";
    /** Optional: the key's model allowlist; absent means every model (tokens minted before it existed, too). */
    static final String CLAIM_MODELS = "models";

    static final JOSEObjectType TYPE = new JOSEObjectType("bl1nk-identity+jwt");

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(10);

    private final String self;
    private final Supplier<WorkloadKey> signingKeys;
    private volatile Signer signer;
    private final TrustedKeys trusted;
    private final Duration defaultTtl;
    private volatile Duration maxLifetime = Duration.ofMinutes(15);
    private final Clock clock;

    /**
     * @param self this workload's name: the {@code iss} of what it mints and the {@code aud} it accepts
     * @param signingKey this workload's private key, or {@code null} for a workload that only verifies
     * @param trusted the public keys whose tokens are accepted
     */
    public IdentityTokenCodec(
            String self, WorkloadKey signingKey, TrustedKeys trusted, Duration defaultTtl, Clock clock) {
        this(self, signingKey == null ? null : () -> signingKey, trusted, defaultTtl, clock);
    }

    /**
     * @param signingKeys the current signing key, asked on every mint (so a {@link SigningKeyFile} can rotate it), or
     *     {@code null} for a workload that only verifies
     */
    public IdentityTokenCodec(
            String self, Supplier<WorkloadKey> signingKeys, TrustedKeys trusted, Duration defaultTtl, Clock clock) {
        if (!WorkloadKey.isOwnerName(self)) {
            throw new IllegalArgumentException(
                    "bl1nk.identity.service must name this workload (e.g. task), got '" + self + "'");
        }
        this.self = self;
        this.trusted = trusted;
        this.defaultTtl = defaultTtl;
        this.clock = clock;
        this.signingKeys = signingKeys;
        this.signer = signingKeys == null ? null : signerFor(signingKeys.get());
    }

    /** A codec that only verifies tokens addressed to {@code self}. */
    public static IdentityTokenCodec verifier(String self, TrustedKeys trusted, Clock clock) {
        return new IdentityTokenCodec(self, (WorkloadKey) null, trusted, Duration.ofMinutes(1), clock);
    }

    private Signer signerFor(WorkloadKey key) {
        if (!key.canSign()) {
            throw new IllegalArgumentException("the signing key of " + self + " has no private part");
        }
        if (!key.owner().equals(self)) {
            throw new IllegalArgumentException("the signing key belongs to " + key.owner() + ", not " + self);
        }
        try {
            return new Signer(key, new ECDSASigner(key.jwk()));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("Unusable signing key: " + e.getMessage(), e);
        }
    }

    private Signer currentSigner() {
        WorkloadKey key = signingKeys.get();
        Signer current = signer;
        if (current.key() != key) {
            current = signerFor(key);
            signer = current;
        }
        return current;
    }

    /**
     * A 256-bit secret for {@code purpose} that only the holder of this workload's current private key can compute
     * (HMAC-SHA256 keyed with the private scalar), e.g. to authenticate what the gateway caches in a shared store. It
     * changes when the key rotates.
     */
    public byte[] derivedSecret(String purpose) {
        if (signingKeys == null) {
            throw new IllegalStateException(self + " has no signing key (bl1nk.identity.signing-key-file)");
        }
        try {
            byte[] scalar = currentSigner().key().jwk().toECPrivateKey().getS().toByteArray();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(scalar, "HmacSHA256"));
            return mac.doFinal(("bl1nk derived secret: " + purpose).getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive a secret from the signing key", e);
        }
    }

    /** Signs {@code claims} as a {@link SignedStatements statement} of {@code type} with this workload's current key. */
    public String signStatement(String type, Map<String, Object> claims) {
        if (signingKeys == null) {
            throw new IllegalStateException(self + " has no signing key (bl1nk.identity.signing-key-file)");
        }
        return SignedStatements.sign(currentSigner().key(), type, claims);
    }

    /** The trusted public key with this id, e.g. to check a statement signed earlier. */
    public Optional<WorkloadKey> trustedKey(String keyId) {
        return trusted.find(keyId);
    }

    /** Every trusted public key of {@code owner}, e.g. to publish the keys its statements can be checked with. */
    public List<WorkloadKey> trustedKeysOf(String owner) {
        return trusted.all().stream().filter(k -> k.owner().equals(owner)).toList();
    }

    /** Longest lifetime ({@code exp - iat}) a token may have to be accepted; 15 minutes unless set. */
    public IdentityTokenCodec maxTokenLifetime(Duration max) {
        if (max == null || max.isNegative() || max.isZero()) {
            throw new IllegalArgumentException("the longest token lifetime must be positive");
        }
        this.maxLifetime = max;
        return this;
    }

    /** This workload's name. */
    public String self() {
        return self;
    }

    /** Mints a token for {@code audience} with the default lifetime. */
    public String mint(Identity identity, String audience) {
        return mint(identity, List.of(audience), defaultTtl);
    }

    /** Mints a token for {@code audience} that expires after {@code ttl}. */
    public String mint(Identity identity, String audience, Duration ttl) {
        return mint(identity, List.of(audience), ttl);
    }

    /** Mints a token signed by this workload for every workload in {@code audiences}. */
    public String mint(Identity identity, Collection<String> audiences, Duration ttl) {
        if (signingKeys == null) {
            throw new IllegalStateException(self + " has no signing key (bl1nk.identity.signing-key-file)");
        }
        Signer current = currentSigner();
        if (audiences.isEmpty()) {
            throw new IllegalArgumentException("a token needs an audience");
        }
        Instant now = clock.instant();
        // The same identity for the same callee gets the same token for the first half of its life: signing and, on
        // the callee's side, verifying are the costly part of a hop (see bench/identity).
        MintKey mintKey =
                new MintKey(identity, List.copyOf(audiences), ttl, current.key().keyId());
        Minted reusable = minted.get(mintKey);
        if (reusable != null && now.isBefore(reusable.reuseUntil())) {
            return reusable.token();
        }
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(self)
                .audience(List.copyOf(audiences))
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
        if (identity.allowedModels() != null) {
            claims.claim(CLAIM_MODELS, identity.allowedModels());
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(current.key().keyId())
                .type(TYPE)
                .build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(current.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign identity token", e);
        }
        String token = jwt.serialize();
        if (minted.size() >= CACHE_SIZE) {
            minted.clear();
        }
        minted.put(mintKey, new Minted(token, now.plus(ttl.dividedBy(2))));
        return token;
    }

    /**
     * Verifies algorithm (ES256 only), key (trusted, and owned by the {@code iss}), signature, audience (this workload)
     * and lifetime.
     *
     * @throws InvalidIdentityTokenException if anything is wrong; the message is safe to log but not to return
     */
    public Verified verify(String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidIdentityTokenException("missing identity token");
        }
        CachedVerification cached = verified.get(token);
        if (cached != null) {
            // still unexpired, and its key still trusted (a key removed from the trusted set stops its tokens at once)
            if (clock.instant().isBefore(cached.expiresAt().plus(CLOCK_SKEW))
                    && trusted.find(cached.key().keyId()).orElse(null) == cached.key()) {
                return cached.verified();
            }
            verified.remove(token);
        }
        CachedVerification result = verifyUncached(token);
        if (verified.size() >= CACHE_SIZE) {
            verified.clear();
        }
        verified.put(token, result);
        return result.verified();
    }

    private CachedVerification verifyUncached(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token.strip());
        } catch (ParseException | RuntimeException e) {
            throw new InvalidIdentityTokenException("malformed identity token", e);
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new InvalidIdentityTokenException("unexpected identity token algorithm " + header.getAlgorithm());
        }
        String keyId = header.getKeyID();
        Optional<WorkloadKey> key = keyId == null ? Optional.empty() : trusted.find(keyId);
        if (key.isEmpty()) {
            throw new InvalidIdentityTokenException("identity token signed by an unknown key " + keyId);
        }
        try {
            if (!jwt.verify(verifierFor(key.get()))) {
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
        String issuer = claims.getIssuer();
        if (issuer == null || !issuer.equals(key.get().owner())) {
            throw new InvalidIdentityTokenException(
                    "identity token issuer " + issuer + " is not the owner of key " + keyId);
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(self)) {
            throw new InvalidIdentityTokenException("identity token is not meant for " + self);
        }
        Instant now = clock.instant();
        Date exp = claims.getExpirationTime();
        if (exp == null || now.isAfter(exp.toInstant().plus(CLOCK_SKEW))) {
            throw new InvalidIdentityTokenException("identity token expired");
        }
        Date iat = claims.getIssueTime();
        if (iat == null || Duration.between(iat.toInstant(), exp.toInstant()).compareTo(maxLifetime) > 0) {
            // a stolen or compromised key cannot mint tokens that outlive a rotation by days
            throw new InvalidIdentityTokenException("identity token lives longer than " + maxLifetime);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(CLOCK_SKEW).isBefore(nbf.toInstant())) {
            throw new InvalidIdentityTokenException("identity token not yet valid");
        }
        if (claims.getJWTID() == null || claims.getJWTID().isBlank()) {
            throw new InvalidIdentityTokenException("identity token has no jti");
        }
        if (!TYPE.equals(header.getType())) {
            throw new InvalidIdentityTokenException("not a bl1nk identity token (typ " + header.getType() + ")");
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
            Identity identity = new Identity(
                    UUID.fromString(tenant),
                    subject,
                    toSet(claims.getStringListClaim(CLAIM_ROLES)),
                    toSet(claims.getStringListClaim(CLAIM_SCOPES)),
                    apiKey == null ? null : UUID.fromString(apiKey),
                    claims.getStringListClaim(CLAIM_MODELS));
            return new CachedVerification(new Verified(issuer, identity), exp.toInstant(), key.get());
        } catch (ParseException | IllegalArgumentException e) {
            throw new InvalidIdentityTokenException("malformed identity token claims", e);
        }
    }

    private record Signer(WorkloadKey key, ECDSASigner signer) {}

    private static final int CACHE_SIZE = 10_000;

    private record MintKey(Identity identity, List<String> audiences, Duration ttl, String keyId) {}

    private record Minted(String token, Instant reuseUntil) {}

    private record CachedVerification(Verified verified, Instant expiresAt, WorkloadKey key) {}

    private final ConcurrentHashMap<MintKey, Minted> minted = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CachedVerification> verified = new ConcurrentHashMap<>();

    /** Verifiers by key id: building one converts the JWK each time, which costs more than the check itself. */
    private final ConcurrentHashMap<String, Map.Entry<WorkloadKey, ECDSAVerifier>> verifiers =
            new ConcurrentHashMap<>();

    private ECDSAVerifier verifierFor(WorkloadKey key) throws JOSEException {
        Map.Entry<WorkloadKey, ECDSAVerifier> cached = verifiers.get(key.keyId());
        if (cached != null && cached.getKey() == key) {
            return cached.getValue();
        }
        ECDSAVerifier verifier = new ECDSAVerifier(key.jwk());
        if (verifiers.size() > 64) {
            verifiers.clear();
        }
        verifiers.put(key.keyId(), Map.entry(key, verifier));
        return verifier;
    }

    private static Set<String> toSet(List<String> values) {
        return values == null ? Set.of() : new LinkedHashSet<>(values);
    }

    /**
     * A verified token.
     *
     * @param issuer the workload that signed it: {@link #GATEWAY} for a caller's own identity, else a service acting
     *     for the tenant
     * @param identity the identity it carries
     */
    public record Verified(String issuer, Identity identity) {

        /** Whether the gateway asserted this identity (a caller's), rather than a service acting for a tenant. */
        public boolean fromGateway() {
            return GATEWAY.equals(issuer);
        }
    }
}
