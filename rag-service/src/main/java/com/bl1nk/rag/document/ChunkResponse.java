package com.bl1nk.rag.document;

import java.util.List;
import java.util.UUID;

/** One stored chunk of a document's live version, for inspection and citations. */
public record ChunkResponse(
        UUID id,
        int chunkIndex,
        String content,
        List<String> headingPath,
        Integer page,
        int startOffset,
        int endOffset,
        int tokenCount) {}
