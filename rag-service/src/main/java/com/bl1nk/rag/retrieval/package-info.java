/**
 * Retrieval: vector search on the per-dimension HNSW index (with pgvector iterative scan so tenant, knowledge base
 * and metadata filters still return k rows), BM25 keyword search on the term postings, and hybrid weighted fusion
 * with a per-document cap, across one or several knowledge bases of the caller's tenant.
 */
package com.bl1nk.rag.retrieval;
