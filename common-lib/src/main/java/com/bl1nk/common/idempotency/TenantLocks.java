package com.bl1nk.common.idempotency;

import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Per-tenant transaction locks ({@code pg_advisory_xact_lock}) for counts that must not race with the insert after
 * them, such as quotas: two creations of one tenant are serialised until each transaction ends.
 */
public final class TenantLocks {

    private TenantLocks() {}

    /**
     * Holds the lock of {@code scope} (e.g. {@code "bl1nk api keys"}) for {@code tenantId} until the current transaction
     * ends; the key is {@code hashtext('<scope> <tenant>')}.
     */
    public static void lock(JdbcClient jdbc, String scope, UUID tenantId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a tenant lock needs a transaction");
        }
        jdbc.sql("select pg_advisory_xact_lock(hashtext(:scope || ' ' || :tenant))")
                .param("scope", scope)
                .param("tenant", tenantId.toString())
                .query((rs, n) -> n)
                .list();
    }
}
