-- pgvector powers retrieval in the rag schema; created once per database, never at runtime.
create extension if not exists vector;
