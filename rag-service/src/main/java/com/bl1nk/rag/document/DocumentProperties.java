package com.bl1nk.rag.document;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Upload limits.
 *
 * @param maxUploadBytes largest accepted file (or raw text) in bytes; larger ones get 413
 * @param maxTextChars most characters of extracted text per document; more gets 413
 */
@Validated
@ConfigurationProperties("bl1nk.rag.documents")
public record DocumentProperties(
        @DefaultValue("20971520") @Min(1) long maxUploadBytes,
        @DefaultValue("5000000") @Min(1) int maxTextChars) {}
