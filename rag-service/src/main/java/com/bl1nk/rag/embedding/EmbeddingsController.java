package com.bl1nk.rag.embedding;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.Problems;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.ModelAllowlist;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.rag.error.RagErrorCode;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI-compatible {@code POST /v1/embeddings}: model {@code all-minilm-l6-v2} (built in, the default) or
 * {@code <provider>/<model>} for a configured provider (metered).
 */
@RestController
@Validated
class EmbeddingsController {

    private final EmbeddingService embeddings;
    private final EmbeddingProperties properties;

    EmbeddingsController(EmbeddingService embeddings, EmbeddingProperties properties) {
        this.embeddings = embeddings;
        this.properties = properties;
    }

    /** OpenAI request shape; only float encoding is offered. */
    record Request(
            String model,
            @NotNull JsonNode input,
            @Pattern(regexp = "float") String encoding_format,
            String user) {}

    /** OpenAI response shape. */
    record Response(String object, List<Item> data, String model, Usage usage) {}

    record Item(String object, int index, float[] embedding) {}

    record Usage(
            @JsonProperty("prompt_tokens") int promptTokens,
            @JsonProperty("total_tokens") int totalTokens) {}

    @Requires(Permission.MODELS_CALL)
    @PostMapping("/v1/embeddings")
    Response embed(Identity identity, @Valid @RequestBody Request request) {
        // Embeddings through a provider spend the tenant's money: readers may not.
        List<String> inputs = inputs(request.input());
        EmbeddingSpec spec = spec(request.model());
        requireAllowed(identity, request.model(), spec);
        EmbeddingResult result =
                embeddings.embed(spec, inputs, new MeteringContext(identity.tenantId(), identity.apiKeyId()));
        List<Item> data = new ArrayList<>(inputs.size());
        for (int i = 0; i < result.vectors().size(); i++) {
            data.add(new Item("embedding", i, result.vectors().get(i)));
        }
        String model = spec.isLocal() ? LocalMiniLm.MODEL : spec.provider() + "/" + spec.model();
        return new Response("list", data, model, new Usage(result.promptTokens(), result.promptTokens()));
    }

    /**
     * A key with a model allowlist embeds only with a model it covers, by the name the request gave or the model's
     * canonical name ({@code all-minilm-l6-v2}, {@code <provider>/<model>}, or the provider's model id).
     */
    private static void requireAllowed(Identity identity, String requested, EmbeddingSpec spec) {
        if (identity.allowedModels() == null) {
            return;
        }
        boolean allowed = spec.isLocal()
                ? identity.allowsModel(LocalMiniLm.MODEL)
                : ModelAllowlist.allows(identity.allowedModels(), spec.provider(), spec.model());
        if (!allowed && (requested == null || !identity.allowsModel(requested))) {
            String model = requested == null || requested.isBlank() ? LocalMiniLm.MODEL : requested;
            String message = "is '" + model + "', which this API key's model allowlist " + identity.allowedModels()
                    + " does not allow";
            throw ApiException.of(RagErrorCode.MODEL_NOT_ALLOWED, "'model' " + message)
                    .withProperty(Problems.ERRORS, List.of(new Problems.FieldError("model", message)));
        }
    }

    private EmbeddingSpec spec(String model) {
        if (model == null
                || model.isBlank()
                || model.equals(LocalMiniLm.MODEL)
                || model.equals(LocalMiniLm.PROVIDER + "/" + LocalMiniLm.MODEL)
                || model.equalsIgnoreCase("sentence-transformers/all-MiniLM-L6-v2")) {
            return EmbeddingSpec.LOCAL;
        }
        int slash = model.indexOf('/');
        if (slash > 0 && embeddings.knowsProvider(model.substring(0, slash)) && slash < model.length() - 1) {
            return new EmbeddingSpec(model.substring(0, slash), model.substring(slash + 1), -1);
        }
        throw ApiException.of(
                RagErrorCode.UNKNOWN_MODEL,
                "model '" + model + "' is not available; use " + LocalMiniLm.MODEL
                        + " or <provider>/<model> for a configured provider");
    }

    private List<String> inputs(JsonNode input) {
        List<String> inputs = new ArrayList<>();
        if (input.isString()) {
            inputs.add(input.asString());
        } else if (input.isArray()) {
            for (JsonNode item : input) {
                if (!item.isString()) {
                    throw ApiException.invalidField("input", "must be a string or an array of strings");
                }
                inputs.add(item.asString());
            }
        } else {
            throw ApiException.invalidField("input", "must be a string or an array of strings");
        }
        if (inputs.isEmpty()) {
            throw ApiException.invalidField("input", "must not be empty");
        }
        if (inputs.size() > properties.maxInputs()) {
            throw ApiException.invalidField("input", "at most " + properties.maxInputs() + " inputs per request");
        }
        for (String text : inputs) {
            if (text.isEmpty()) {
                throw ApiException.invalidField("input", "inputs must not be empty strings");
            }
            if (text.length() > properties.maxInputChars()) {
                throw ApiException.invalidField(
                        "input", "each input must be at most " + properties.maxInputChars() + " characters");
            }
        }
        return inputs;
    }
}
