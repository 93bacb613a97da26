package com.bl1nk.rag.retrieval;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Search tuning.
 *
 * @param efSearch HNSW candidate list size per query (pgvector default 40 loses recall on hard data)
 * @param maxScanTuples most index tuples an iterative scan visits before giving up on filling k rows
 * @param hybridCandidates candidates taken from each of vector and keyword search before fusion (at least 4·topK)
 * @param rrfK the RRF constant
 */
@Validated
@ConfigurationProperties("bl1nk.rag.retrieval")
public record RetrievalProperties(
        @DefaultValue("100") @Min(10) @Max(1000) int efSearch,
        @DefaultValue("20000") @Min(1000) int maxScanTuples,
        @DefaultValue("40") @Min(1) @Max(500) int hybridCandidates,
        @DefaultValue("60") @Min(1) int rrfK) {}
