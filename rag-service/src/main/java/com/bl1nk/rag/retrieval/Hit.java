package com.bl1nk.rag.retrieval;

import java.util.List;
import java.util.UUID;

/** A chunk found by one search, before fusion and snippets. */
record Hit(
        UUID chunkId,
        UUID knowledgeBaseId,
        UUID documentId,
        String documentName,
        int chunkIndex,
        String content,
        List<String> headingPath,
        Integer page,
        int startOffset,
        int endOffset,
        double score) {

    Hit withScore(double newScore) {
        return new Hit(
                chunkId,
                knowledgeBaseId,
                documentId,
                documentName,
                chunkIndex,
                content,
                headingPath,
                page,
                startOffset,
                endOffset,
                newScore);
    }
}
