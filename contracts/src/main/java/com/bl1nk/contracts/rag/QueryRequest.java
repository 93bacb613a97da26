package com.bl1nk.contracts.rag;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A retrieval query.
 *
 * @param query the question or search text
 * @param mode {@code hybrid} (default), {@code vector} or {@code keyword}
 * @param topK results wanted, 1..50 (default 5)
 * @param knowledgeBaseIds further knowledge bases to search together with the one in the path
 * @param filters optional restrictions
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record QueryRequest(
        @NotBlank @Size(max = 4000) String query,
        @Pattern(regexp = "vector|keyword|hybrid") String mode,
        @Min(1) @Max(50) Integer topK,
        @Size(max = 20) List<@NotNull UUID> knowledgeBaseIds,
        @Valid Filters filters) {

    /**
     * Filters applied inside the search (so k rows still come back).
     *
     * @param documentIds only these documents (all must be visible to the caller)
     * @param metadata documents whose metadata contains all these key/value pairs
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Filters(
            @Size(max = 100) List<@NotNull UUID> documentIds,
            @Size(max = 20) Map<String, Object> metadata) {}
}
