package com.bl1nk.rag.embedding;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.rag.error.RagErrorCode;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;

/** Calls one OpenAI-compatible {@code /embeddings} endpoint with explicit timeouts. */
final class OpenAiEmbeddingsClient {

    private final String name;
    private final RestClient client;

    OpenAiEmbeddingsClient(String name, EmbeddingProperties.Provider provider) {
        this.name = name;
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(provider.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(provider.readTimeout());
        RestClient.Builder builder = RestClient.builder()
                .baseUrl(provider.baseUrl().replaceAll("/+$", ""))
                .requestFactory(factory);
        if (!provider.apiKey().isBlank()) {
            builder.defaultHeader("Authorization", "Bearer " + provider.apiKey());
        }
        this.client = builder.build();
    }

    record Request(String model, List<String> input) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Response(List<Item> data, Usage usage) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Item(int index, float[] embedding) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Usage(Integer prompt_tokens) {}

    EmbeddingResult embed(String model, List<String> texts, int dimension) {
        Response response;
        try {
            response = client.post()
                    .uri("/embeddings")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(new Request(model, texts))
                    .retrieve()
                    .body(Response.class);
        } catch (ResourceAccessException e) {
            throw ApiException.of(
                    RagErrorCode.EMBEDDING_PROVIDER_UNAVAILABLE,
                    "embedding provider " + name + " did not answer in time");
        } catch (RestClientResponseException e) {
            throw ApiException.of(
                    RagErrorCode.EMBEDDING_PROVIDER_ERROR,
                    "embedding provider " + name + " answered "
                            + e.getStatusCode().value());
        } catch (RestClientException e) {
            throw ApiException.of(
                    RagErrorCode.EMBEDDING_PROVIDER_ERROR, "embedding provider " + name + " sent an unreadable answer");
        }
        if (response == null || response.data() == null || response.data().size() != texts.size()) {
            throw ApiException.of(
                    RagErrorCode.EMBEDDING_PROVIDER_ERROR,
                    "embedding provider " + name + " returned the wrong number of vectors");
        }
        List<Item> items = new ArrayList<>(response.data());
        items.sort(Comparator.comparingInt(Item::index));
        List<float[]> vectors = new ArrayList<>(items.size());
        for (Item item : items) {
            if (item.embedding() == null || (dimension > 0 && item.embedding().length != dimension)) {
                throw ApiException.of(
                        RagErrorCode.EMBEDDING_DIMENSION_MISMATCH,
                        "embedding provider " + name + " returned vectors of a different dimension than " + dimension);
            }
            vectors.add(item.embedding());
        }
        int tokens = response.usage() != null && response.usage().prompt_tokens() != null
                ? response.usage().prompt_tokens()
                : -1;
        return new EmbeddingResult(vectors, tokens);
    }
}
