package com.bl1nk.billing.support;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** A fresh tenant per test with tokens for its admin, a viewer and a service worker, so tests never share budgets. */
public record TestTenant(UUID id, UUID apiKeyId, String adminToken, String viewerToken, String serviceToken) {

    static TestTenant create(IdentityTokenCodec codec) {
        UUID tenant = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        String admin = codec.mint(
                new Identity(tenant, "key:" + key, Set.of(Identity.ADMIN), Set.of(), key), Duration.ofHours(1));
        String viewer = codec.mint(
                new Identity(tenant, "key:" + UUID.randomUUID(), Set.of(Identity.VIEWER), Set.of(), null),
                Duration.ofHours(1));
        String service = codec.mint(Identity.service("task-service", tenant, Set.of(), Set.of()), Duration.ofHours(1));
        return new TestTenant(tenant, key, admin, viewer, service);
    }
}
