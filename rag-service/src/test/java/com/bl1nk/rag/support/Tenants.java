package com.bl1nk.rag.support;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.testsupport.TestIdentities;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Fresh tenants with caller tokens for rag-service, signed with the gateway's test key. */
public final class Tenants {

    private static final IdentityTokenCodec CODEC = TestIdentities.codec();

    /** A fresh tenant with its own API key id, so tests never see each other's data. */
    public record Tenant(UUID id, UUID apiKeyId, String token) {}

    private Tenants() {}

    public static Tenant newTenant() {
        UUID tenant = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        Identity identity = new Identity(tenant, "key:" + key, Set.of(Identity.OWNER), Set.of(), key);
        return new Tenant(tenant, key, CODEC.mint(identity, "rag", Duration.ofMinutes(10)));
    }

    /** The same tenant seen through another owner API key limited to the models {@code allowedModels} covers. */
    public static Tenant withModels(Tenant tenant, List<String> allowedModels) {
        UUID key = UUID.randomUUID();
        Identity identity =
                new Identity(tenant.id(), "key:" + key, Set.of(Identity.OWNER), Set.of(), key, allowedModels);
        return new Tenant(tenant.id(), key, CODEC.mint(identity, "rag", Duration.ofMinutes(10)));
    }

    /** The same tenant seen through another API key holding only {@code role}. */
    public static Tenant withRole(Tenant tenant, String role) {
        UUID key = UUID.randomUUID();
        Identity identity = new Identity(tenant.id(), "key:" + key, Set.of(role), Set.of(), key);
        return new Tenant(tenant.id(), key, CODEC.mint(identity, "rag", Duration.ofMinutes(10)));
    }
}
