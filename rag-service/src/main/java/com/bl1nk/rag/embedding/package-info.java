/**
 * Embeddings: the in-process all-MiniLM-L6-v2 ONNX model by default (offline), OpenAI-compatible providers per
 * knowledge base when configured (metered to {@code bl1nk:usage}), and the OpenAI-compatible {@code /v1/embeddings}
 * endpoint.
 */
package com.bl1nk.rag.embedding;
