package com.bl1nk.rag.support;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** Stand-in for test-support's TestIdentities/TestTenants: tenants A and B with signed identity tokens. */
public final class Tenants {

    private static final IdentityTokenCodec CODEC = new IdentityTokenCodec(ThrowawayInfrastructure.SECRET);

    /** A fresh tenant with its own API key id, so tests never see each other's data. */
    public record Tenant(UUID id, UUID apiKeyId, String token) {}

    private Tenants() {}

    public static Tenant newTenant() {
        UUID tenant = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        Identity identity = new Identity(tenant, "key:" + key, Set.of(Identity.OWNER), Set.of(), key);
        return new Tenant(tenant, key, CODEC.mint(identity, Duration.ofMinutes(30)));
    }
}
