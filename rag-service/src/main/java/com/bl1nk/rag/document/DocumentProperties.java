package com.bl1nk.rag.document;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Upload limits.
 *
 * @param maxUploadBytes largest accepted file (or raw text) in bytes; larger ones get 413
 * @param maxTextChars most characters of extracted text per document; more gets 413
 * @param parseTimeout longest one document may take to parse; longer gets 422 {@code parse_timeout}
 * @param parseConcurrency documents parsed at once (each on a parser thread, off the request's budget); one tenant
 *     uses all but one of them at most; more uploads at the same time get 503 {@code parser_busy} with Retry-After
 */
@Validated
@ConfigurationProperties("bl1nk.rag.documents")
public record DocumentProperties(
        @DefaultValue("20971520") @Min(1) long maxUploadBytes,
        @DefaultValue("5000000") @Min(1) int maxTextChars,
        @DefaultValue("30s") Duration parseTimeout,
        @DefaultValue("3") @Min(1) int parseConcurrency) {}
