package com.bl1nk.rag.error;

import com.bl1nk.common.error.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * The problem codes rag-service answers with besides common-lib's; clients switch on these strings, so an entry's code
 * and status never change. {@code docs/errors/rag.md} is generated from this list by {@code ErrorCatalogueTests}.
 */
public enum RagErrorCode implements ErrorCode {
    EMPTY_DOCUMENT("empty_document", HttpStatus.BAD_REQUEST, "The document is empty or contains no text"),
    UNREADABLE_DOCUMENT(
            "unreadable_document",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The document could not be parsed (corrupt, encrypted or unreadable)"),
    PARSE_TIMEOUT(
            "parse_timeout",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The document could not be parsed within the time limit"),
    PARSER_BUSY(
            "parser_busy",
            HttpStatus.SERVICE_UNAVAILABLE,
            "Every document parser (or the tenant's share) is busy; retry shortly"),
    PARSER_INTERRUPTED(
            "parser_interrupted", HttpStatus.SERVICE_UNAVAILABLE, "The upload was interrupted while parsing"),
    EMBEDDING_DIMENSION_MISMATCH(
            "embedding_dimension_mismatch",
            HttpStatus.BAD_GATEWAY,
            "The embedding provider returned vectors of another dimension"),
    EMBEDDING_PROVIDER_ERROR(
            "embedding_provider_error",
            HttpStatus.BAD_GATEWAY,
            "The embedding provider answered with an error or a malformed body"),
    EMBEDDING_PROVIDER_UNAVAILABLE(
            "embedding_provider_unavailable",
            HttpStatus.GATEWAY_TIMEOUT,
            "The embedding provider did not answer in time or could not be reached"),
    UNKNOWN_EMBEDDING_PROVIDER(
            "unknown_embedding_provider",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The knowledge base names an embedding provider that is not configured"),
    UNKNOWN_MODEL("unknown_model", HttpStatus.BAD_REQUEST, "No embedding model of that name"),
    MODEL_NOT_ALLOWED(
            "model_not_allowed", HttpStatus.FORBIDDEN, "The API key's model allowlist does not include the model"),
    INCOMPATIBLE_KNOWLEDGE_BASES(
            "incompatible_knowledge_bases",
            HttpStatus.BAD_REQUEST,
            "A query spans knowledge bases with different embedding models"),
    KNOWLEDGE_BASE_EXISTS("knowledge_base_exists", HttpStatus.CONFLICT, "A knowledge base of that name already exists"),
    STORAGE_QUOTA_EXCEEDED(
            "storage_quota_exceeded",
            HttpStatus.CONTENT_TOO_LARGE,
            "The tenant's stored documents would exceed its storage quota"),
    KNOWLEDGE_BASE_QUOTA_EXCEEDED(
            "knowledge_base_quota_exceeded",
            HttpStatus.CONFLICT,
            "The tenant already has its maximum number of knowledge bases"),
    DOCUMENT_QUOTA_EXCEEDED(
            "document_quota_exceeded",
            HttpStatus.CONFLICT,
            "The knowledge base already holds its maximum number of documents");

    private final String code;
    private final HttpStatus status;
    private final String meaning;

    RagErrorCode(String code, HttpStatus status, String meaning) {
        this.code = code;
        this.status = status;
        this.meaning = meaning;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String meaning() {
        return meaning;
    }
}
