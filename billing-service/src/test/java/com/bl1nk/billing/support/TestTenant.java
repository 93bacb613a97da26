package com.bl1nk.billing.support;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityTokenCodec;
import com.bl1nk.testsupport.TestIdentities;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** A fresh tenant per test with tokens for its admin, a viewer and a service worker, so tests never share budgets. */
public record TestTenant(UUID id, UUID apiKeyId, String adminToken, String viewerToken, String serviceToken) {

    /** Caller tokens signed as the gateway; the service token signed by task-service's key, as task sends it. */
    static TestTenant create() {
        UUID tenant = UUID.randomUUID();
        UUID key = UUID.randomUUID();
        IdentityTokenCodec gateway = TestIdentities.codec();
        String admin = gateway.mint(
                new Identity(tenant, "key:" + key, Set.of(Identity.ADMIN), Set.of(), key),
                "billing",
                Duration.ofMinutes(10));
        String viewer = gateway.mint(
                new Identity(tenant, "key:" + UUID.randomUUID(), Set.of(Identity.VIEWER), Set.of(), null),
                "billing",
                Duration.ofMinutes(10));
        String service = TestIdentities.codec("task")
                .mint(Identity.service("task-service", tenant, Set.of(), Set.of()), "billing", Duration.ofMinutes(10));
        return new TestTenant(tenant, key, admin, viewer, service);
    }

    /** A token of the platform operator (scope {@code platform:admin}, as the bootstrap key has) in this tenant. */
    public String platformAdminToken() {
        return TestIdentities.codec()
                .mint(
                        new Identity(id, "key:platform-" + id, Set.of(Identity.OWNER), Set.of("platform:admin"), null),
                        "billing",
                        Duration.ofMinutes(10));
    }
}
