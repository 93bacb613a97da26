/**
 * Asynchronous ingestion through {@code bl1nk:ingest} (group {@code rag-ingesters}): chunk and embed a stored
 * document version, write its chunks idempotently (keyed by document, version and chunk index), then swap it live in
 * one transaction. A crashed worker's message is reclaimed by another, which resumes where the first one stopped.
 */
package com.bl1nk.rag.ingest;
