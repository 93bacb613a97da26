package com.bl1nk.rag.retrieval;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.contracts.rag.QueryRequest;
import com.bl1nk.contracts.rag.QueryResponse;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/knowledge-bases/{id}/query}. */
@RestController
class QueryController {

    private final RetrievalService service;

    QueryController(RetrievalService service) {
        this.service = service;
    }

    @Requires(Permission.KNOWLEDGE_READ)
    @PostMapping("/api/v1/knowledge-bases/{id}/query")
    QueryResponse query(Identity identity, @PathVariable UUID id, @Valid @RequestBody QueryRequest request) {
        return service.query(identity, id, request);
    }
}
