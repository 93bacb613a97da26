/**
 * Retrieval: vector search on the per-dimension HNSW index (with pgvector iterative scan so tenant, knowledge base
 * and metadata filters still return k rows), keyword search on the tsvector index, and hybrid reciprocal rank
 * fusion, across one or several knowledge bases of the caller's tenant.
 */
package com.bl1nk.rag.retrieval;
