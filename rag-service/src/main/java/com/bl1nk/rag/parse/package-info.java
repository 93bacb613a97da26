/**
 * Turns uploaded bytes into structured text: sniffs the real type with Apache Tika, extracts blocks (headings,
 * paragraphs) with their heading path, page and character offsets, and rejects what cannot be read.
 */
package com.bl1nk.rag.parse;
