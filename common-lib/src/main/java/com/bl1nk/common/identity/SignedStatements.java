package com.bl1nk.common.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import java.text.ParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Facts a workload signs with its own key so that anyone holding its public key can check them later, long after any
 * token would have expired (e.g. the gateway's audit-chain checkpoints). A compact ES256 JWS whose {@code typ} names the
 * kind of statement, so a statement can never pass as an identity token or as another kind.
 */
public final class SignedStatements {

    private SignedStatements() {}

    /** Signs {@code claims} as a statement of {@code type} with {@code key} (which must hold its private part). */
    public static String sign(WorkloadKey key, String type, Map<String, Object> claims) {
        if (!key.canSign()) {
            throw new IllegalArgumentException("the key of " + key.owner() + " has no private part");
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(key.keyId())
                .type(new JOSEObjectType(type))
                .build();
        JWSObject statement = new JWSObject(header, new Payload(claims));
        try {
            statement.sign(new ECDSASigner(key.jwk()));
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not sign a " + type + " statement", e);
        }
        return statement.serialize();
    }

    /**
     * The claims of {@code statement} if it is a {@code type} statement signed (ES256) by a key of {@code owner} that
     * {@code keys} knows.
     *
     * @throws InvalidIdentityTokenException naming what is wrong (malformed, other type, unknown key, bad signature)
     */
    public static Map<String, Object> verify(
            String statement, String type, String owner, Function<String, Optional<WorkloadKey>> keys) {
        JWSObject parsed;
        try {
            parsed = JWSObject.parse(statement == null ? "" : statement.strip());
        } catch (ParseException | RuntimeException e) {
            throw new InvalidIdentityTokenException("malformed signed statement", e);
        }
        JWSHeader header = parsed.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
            throw new InvalidIdentityTokenException("unexpected statement algorithm " + header.getAlgorithm());
        }
        if (header.getType() == null || !type.equals(header.getType().getType())) {
            throw new InvalidIdentityTokenException("not a " + type + " statement (typ " + header.getType() + ")");
        }
        String keyId = header.getKeyID();
        Optional<WorkloadKey> key = keyId == null ? Optional.empty() : keys.apply(keyId);
        if (key.isEmpty() || !key.get().owner().equals(owner)) {
            throw new InvalidIdentityTokenException(
                    "statement signed by a key that is not a known key of " + owner + ": " + keyId);
        }
        try {
            if (!parsed.verify(new ECDSAVerifier(key.get().jwk().toECPublicKey()))) {
                throw new InvalidIdentityTokenException("bad statement signature");
            }
        } catch (JOSEException e) {
            throw new InvalidIdentityTokenException("statement signature could not be verified", e);
        }
        Map<String, Object> claims = parsed.getPayload().toJSONObject();
        if (claims == null) {
            throw new InvalidIdentityTokenException("statement payload is not a JSON object");
        }
        return claims;
    }
}
