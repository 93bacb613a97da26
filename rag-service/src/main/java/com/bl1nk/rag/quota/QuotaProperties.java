package com.bl1nk.rag.quota;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-tenant limits.
 *
 * @param maxStoredBytesPerTenant most bytes (sum of the uploaded sizes of every document of every knowledge base) a
 *     tenant may store; an upload past it gets 413 {@code storage_quota_exceeded}
 * @param maxKnowledgeBasesPerTenant most knowledge bases a tenant may have; one more gets 409
 *     {@code knowledge_base_quota_exceeded}
 * @param maxDocumentsPerKnowledgeBase most documents (names) in one knowledge base; one more gets 409
 *     {@code document_quota_exceeded}
 */
@Validated
@ConfigurationProperties("bl1nk.rag.quotas")
public record QuotaProperties(
        @DefaultValue("1073741824") @Min(1) long maxStoredBytesPerTenant,
        @DefaultValue("100") @Min(1) int maxKnowledgeBasesPerTenant,
        @DefaultValue("10000") @Min(1) int maxDocumentsPerKnowledgeBase) {}
