/**
 * Documents of a knowledge base: upload (multipart or raw text) with type sniffing, size limit and content-hash
 * dedupe, status and progress, listing, chunk inspection and deletion. Accepted uploads are announced with
 * {@link com.bl1nk.rag.document.DocumentQueued} for the ingestion worker.
 */
package com.bl1nk.rag.document;
