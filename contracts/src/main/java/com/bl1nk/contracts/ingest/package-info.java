/** {@code bl1nk:ingest}: document ingestion work of rag-service, produced by its API and sweeper, consumed by its workers. */
package com.bl1nk.contracts.ingest;
