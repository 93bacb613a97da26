package com.bl1nk.task.llm.openai;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.llm.CallableModels;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models} in OpenAI's list shape (every model the tenant can call, plus its routing policy aliases, as far
 * as the caller key's model allowlist allows) and
 * {@code GET /v1/models/{model}}.
 */
@RestController
class OpenAiModelsController {

    private static final long CREATED = 1_767_225_600L; // 2026-01-01, OpenAI clients only need a number

    private final CallableModels callable;

    OpenAiModelsController(CallableModels models) {
        this.callable = models;
    }

    /** One entry of OpenAI's model list. */
    record OpenAiModel(String id, String object, long created, String owned_by) {}

    /** OpenAI's list envelope. */
    record OpenAiModelList(String object, List<OpenAiModel> data) {}

    @Requires(Permission.MODELS_READ)
    @GetMapping("/v1/models")
    OpenAiModelList models(Identity identity) {
        List<OpenAiModel> data = callable.forCaller(identity).stream()
                // a key with a model allowlist sees only what it may call
                .filter(m -> identity.allowsModel(m.id()) || identity.allowsModel(m.ownedBy() + "/" + m.id()))
                .map(m -> new OpenAiModel(m.id(), "model", CREATED, m.ownedBy()))
                .toList();
        return new OpenAiModelList("list", data);
    }

    /**
     * {@code GET /v1/models/{model}}: one entry of the list, or OpenAI's 404. Model ids may contain slashes
     * ({@code bl1nk/cheapest}, {@code provider/model}), so the whole rest of the path is the id.
     */
    @Requires(Permission.MODELS_READ)
    @GetMapping("/v1/models/{*model}")
    OpenAiModel model(Identity identity, @PathVariable String model) {
        String id = model.startsWith("/") ? model.substring(1) : model;
        return models(identity).data().stream()
                .filter(m -> m.id().equals(id))
                .findFirst()
                .orElseThrow(() -> ApiException.of(
                        TaskErrorCode.MODEL_NOT_FOUND,
                        "The model '" + id + "' does not exist or you do not have access to it; GET /v1/models"));
    }
}
