package com.bl1nk.task.llm.openai;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.task.llm.routing.ModelCatalog;
import com.bl1nk.task.llm.routing.ModelTarget;
import com.bl1nk.task.llm.routing.Router;
import com.bl1nk.task.llm.routing.RoutingPolicies;
import com.bl1nk.task.llm.routing.RoutingPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/models} in OpenAI's list shape (every model the tenant can call, plus its routing policy aliases) and
 * {@code GET /v1/models/{model}}.
 */
@RestController
class OpenAiModelsController {

    private static final long CREATED = 1_767_225_600L; // 2026-01-01, OpenAI clients only need a number

    private final ModelCatalog catalog;
    private final RoutingPolicies policies;

    OpenAiModelsController(ModelCatalog catalog, RoutingPolicies policies) {
        this.catalog = catalog;
        this.policies = policies;
    }

    /** One entry of OpenAI's model list. */
    record OpenAiModel(String id, String object, long created, String owned_by) {}

    /** OpenAI's list envelope. */
    record OpenAiModelList(String object, List<OpenAiModel> data) {}

    @Requires(Permission.MODELS_READ)
    @GetMapping("/v1/models")
    OpenAiModelList models(Identity identity) {
        Map<String, OpenAiModel> byId = new LinkedHashMap<>();
        for (ModelTarget t : catalog.targets(identity.tenantId())) {
            byId.putIfAbsent(
                    t.model().id(),
                    new OpenAiModel(
                            t.model().id(), "model", CREATED, t.provider().name()));
        }
        List<OpenAiModel> data = new ArrayList<>(byId.values());
        if (!catalog.mockMode()) {
            data.add(new OpenAiModel(Router.CHEAPEST, "model", CREATED, "bl1nk"));
            data.add(new OpenAiModel(Router.FASTEST, "model", CREATED, "bl1nk"));
            for (RoutingPolicy p :
                    policies.list(identity, PageRequests.MAX_LIMIT, null).items()) {
                data.add(new OpenAiModel(p.name(), "model", CREATED, "bl1nk-policy"));
            }
        }
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
                        HttpStatus.NOT_FOUND,
                        "model_not_found",
                        "The model '" + id + "' does not exist or you do not have access to it; GET /v1/models"));
    }
}
