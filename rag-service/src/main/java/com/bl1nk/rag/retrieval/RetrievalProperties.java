package com.bl1nk.rag.retrieval;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Search tuning; the defaults are the best measured by bench/rag on its two question sets (python docs, Thai): the
 * configuration with the smallest worst-case MRR@10 loss (bench/rag/README.md, "Numbers measured").
 *
 * @param efSearch HNSW candidate list size per query (pgvector default 40 loses recall on hard data)
 * @param maxScanTuples most index tuples an iterative scan visits before giving up on filling k rows
 * @param hybridCandidates candidates taken from each of vector and keyword search before fusion (at least 4·topK)
 * @param rrfK the RRF constant
 * @param fusion how hybrid combines the two lists: weighted RRF or a weighted sum of min-max normalised scores
 * @param vectorWeight weight of the vector list in fusion
 * @param keywordWeight weight of the keyword list in fusion
 * @param bm25K1 BM25 term-frequency saturation
 * @param bm25B BM25 length normalisation (0 none, 1 full)
 * @param maxChunksPerDocument most chunks of one document in a top-k before other documents' chunks come first
 *     (0 turns the cap off); chunks over the cap still fill the list when nothing else is left
 */
@Validated
@ConfigurationProperties("bl1nk.rag.retrieval")
public record RetrievalProperties(
        @DefaultValue("100") @Min(10) @Max(1000) int efSearch,
        @DefaultValue("20000") @Min(1000) int maxScanTuples,
        @DefaultValue("40") @Min(1) @Max(500) int hybridCandidates,
        @DefaultValue("10") @Min(1) int rrfK,
        @DefaultValue("rrf") @NotNull Fusion fusion,

        @DefaultValue("1.0") @DecimalMin("0.0") @DecimalMax("10.0") double vectorWeight,

        @DefaultValue("10.0") @DecimalMin("0.0") @DecimalMax("10.0") double keywordWeight,

        @DefaultValue("1.2") @DecimalMin("0.0") @DecimalMax("5.0") double bm25K1,

        @DefaultValue("0.75") @DecimalMin("0.0") @DecimalMax("1.0") double bm25B,

        @DefaultValue("1") @Min(0) @Max(50) int maxChunksPerDocument) {

    /** Hybrid fusion methods. */
    public enum Fusion {
        /** Weighted reciprocal rank fusion. */
        RRF,
        /** Weighted sum of scores min-max normalised per list. */
        SCORE
    }
}
