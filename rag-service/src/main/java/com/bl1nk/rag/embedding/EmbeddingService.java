package com.bl1nk.rag.embedding;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.contracts.usage.ModelCallMetered;
import com.bl1nk.rag.chunk.TokenEstimator;
import com.bl1nk.rag.error.RagErrorCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.stereotype.Service;

/**
 * One entry point for every embedding: batches texts, picks the built-in model or a configured provider, and meters
 * provider calls to {@code bl1nk:usage}.
 */
@Service
public class EmbeddingService {

    private final EmbeddingProperties properties;
    private final Map<String, OpenAiEmbeddingsClient> providers = new HashMap<>();
    private final UsagePublisher usage;

    public EmbeddingService(EmbeddingProperties properties, UsagePublisher usage) {
        this.properties = properties;
        this.usage = usage;
        properties.providers().forEach((name, p) -> providers.put(name, new OpenAiEmbeddingsClient(name, p)));
    }

    /** True when {@code provider} is the built-in model or a configured provider. */
    public boolean knowsProvider(String provider) {
        return LocalMiniLm.PROVIDER.equals(provider) || providers.containsKey(provider);
    }

    /** Embeds {@code texts} with {@code spec}, in batches of the configured size. */
    public EmbeddingResult embed(EmbeddingSpec spec, List<String> texts, MeteringContext metering) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        int tokens = 0;
        int batch = properties.batchSize();
        for (int from = 0; from < texts.size(); from += batch) {
            List<String> slice = texts.subList(from, Math.min(texts.size(), from + batch));
            EmbeddingResult part = embedBatch(spec, slice, metering);
            vectors.addAll(part.vectors());
            tokens += part.promptTokens();
        }
        return new EmbeddingResult(vectors, tokens);
    }

    /** Embeds one query text. */
    public float[] embedQuery(EmbeddingSpec spec, String text, MeteringContext metering) {
        return embedBatch(spec, List.of(text), metering).vectors().getFirst();
    }

    private EmbeddingResult embedBatch(EmbeddingSpec spec, List<String> texts, MeteringContext metering) {
        if (spec.isLocal()) {
            int tokens = 0;
            for (String text : texts) {
                tokens += TokenEstimator.count(text);
            }
            return new EmbeddingResult(LocalMiniLm.embed(texts), tokens);
        }
        OpenAiEmbeddingsClient client = providers.get(spec.provider());
        if (client == null) {
            throw ApiException.of(
                    RagErrorCode.UNKNOWN_EMBEDDING_PROVIDER,
                    "embedding provider " + spec.provider() + " is not configured");
        }
        long started = System.nanoTime();
        EmbeddingResult result = client.embed(spec.model(), texts, spec.dimension());
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        boolean estimated = result.promptTokens() < 0;
        int tokens = estimated ? texts.stream().mapToInt(TokenEstimator::count).sum() : result.promptTokens();
        usage.publish(metered(metering, spec, tokens, estimated, latencyMs));
        return new EmbeddingResult(result.vectors(), tokens);
    }

    /** The usage event of one provider embedding call of {@code promptTokens} tokens. */
    static ModelCallMetered metered(
            MeteringContext metering, EmbeddingSpec spec, int promptTokens, boolean estimated, long latencyMs) {
        return new ModelCallMetered(
                UUID.randomUUID(),
                metering.tenantId(),
                metering.apiKeyId(),
                null,
                null,
                null,
                spec.provider(),
                spec.model(),
                promptTokens,
                0,
                0L,
                estimated,
                latencyMs,
                null,
                ModelCallMetered.EMBEDDING,
                MDC.get("traceId"),
                Instant.now());
    }
}
