/**
 * Structure-aware chunking: sections (heading paths) are never mixed, paragraphs are kept whole when they fit, long
 * ones fall back to sentences and then to token windows, with token-based size and overlap.
 */
package com.bl1nk.rag.chunk;
