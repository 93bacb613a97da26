package com.bl1nk.rag.config;

import com.bl1nk.rag.document.DocumentProperties;
import com.bl1nk.rag.embedding.EmbeddingProperties;
import com.bl1nk.rag.parse.DocumentParser;
import com.bl1nk.rag.quota.QuotaProperties;
import com.bl1nk.rag.retrieval.RetrievalProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Shared beans of the rag-service: clock, the Tika-backed parser and the property records. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({
    DocumentProperties.class,
    EmbeddingProperties.class,
    QuotaProperties.class,
    RetrievalProperties.class
})
class RagConfig {

    @Bean
    DocumentParser documentParser(DocumentProperties properties) {
        return new DocumentParser(properties.maxTextChars());
    }
}
