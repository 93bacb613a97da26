package com.bl1nk.rag.quota;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.idempotency.TenantLocks;
import com.bl1nk.rag.error.RagErrorCode;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Enforces {@link QuotaProperties}. Callers take {@link #lock} first in the transaction that writes, then read the
 * tenant's usage and call a check: every quota-relevant write of a tenant holds the same transaction-scoped advisory
 * lock, so the usage read after it stays true until commit.
 */
@Component
public class TenantQuotas {

    /**
     * The advisory lock key of a tenant's quota-relevant writes (one {@code bigint} key; the prefix keeps it apart from
     * other advisory locks in the database).
     */
    public static final String LOCK_SCOPE = "bl1nk rag quota";

    /** The lock's key as SQL (what {@link TenantLocks} takes for {@link #LOCK_SCOPE}), for tests holding it by hand. */
    public static final String LOCK_KEY_SQL = "hashtext('" + LOCK_SCOPE + " ' || :tenant::text)";

    private final JdbcClient jdbc;
    private final QuotaProperties properties;

    TenantQuotas(JdbcClient jdbc, QuotaProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Serialises the quota-relevant writes of {@code tenantId} until the current transaction ends (commit or
     * rollback).
     */
    public void lock(UUID tenantId) {
        TenantLocks.lock(jdbc, LOCK_SCOPE, tenantId);
    }

    /**
     * 413 {@code storage_quota_exceeded} unless the tenant, storing {@code usedBytes} now, may store {@code
     * afterBytes} once the upload of {@code uploadBytes} is written (a replaced version no longer counts).
     */
    public void checkStoredBytes(long usedBytes, long afterBytes, long uploadBytes) {
        long limit = properties.maxStoredBytesPerTenant();
        if (afterBytes > limit) {
            throw ApiException.of(
                            RagErrorCode.STORAGE_QUOTA_EXCEEDED,
                            "storing this document (" + uploadBytes + " bytes) would take the tenant's documents to "
                                    + afterBytes + " bytes; the quota is " + limit + " bytes and " + usedBytes
                                    + " are used. Delete documents to free space")
                    .withProperty("limit", limit)
                    .withProperty("used", usedBytes)
                    .withProperty("size", uploadBytes);
        }
    }

    /** 409 {@code knowledge_base_quota_exceeded} unless a tenant with {@code existing} may create one more. */
    public void checkKnowledgeBases(long existing) {
        int limit = properties.maxKnowledgeBasesPerTenant();
        if (existing >= limit) {
            throw ApiException.of(
                            RagErrorCode.KNOWLEDGE_BASE_QUOTA_EXCEEDED,
                            "the tenant has " + existing + " knowledge bases; the limit is " + limit
                                    + ". Delete one to create another")
                    .withProperty("limit", limit)
                    .withProperty("used", existing);
        }
    }

    /** 409 {@code document_quota_exceeded} unless a knowledge base with {@code existing} may take one more. */
    public void checkDocuments(long existing) {
        int limit = properties.maxDocumentsPerKnowledgeBase();
        if (existing >= limit) {
            throw ApiException.of(
                            RagErrorCode.DOCUMENT_QUOTA_EXCEEDED,
                            "the knowledge base has " + existing + " documents; the limit is " + limit
                                    + ". Delete one or replace a document under its name")
                    .withProperty("limit", limit)
                    .withProperty("used", existing);
        }
    }
}
