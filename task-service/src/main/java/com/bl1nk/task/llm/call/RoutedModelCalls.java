package com.bl1nk.task.llm.call;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.error.Problems;
import com.bl1nk.common.identity.ModelAllowlist;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.llm.CallOutcome;
import com.bl1nk.task.llm.CallRequest;
import com.bl1nk.task.llm.ModelCalls;
import com.bl1nk.task.llm.StreamSink;
import com.bl1nk.task.llm.routing.ModelTarget;
import com.bl1nk.task.llm.routing.Router;
import java.util.List;

/** The facade behind {@link ModelCalls}: the router picks the candidates, the engine calls them. */
final class RoutedModelCalls implements ModelCalls {

    private final Router router;
    private final ModelCallEngine engine;

    RoutedModelCalls(Router router, ModelCallEngine engine) {
        this.router = router;
        this.engine = engine;
    }

    @Override
    public CallOutcome complete(CallRequest call) {
        return engine.complete(call, candidates(call));
    }

    @Override
    public CallOutcome stream(CallRequest call, StreamSink sink) {
        return engine.stream(call, candidates(call), sink);
    }

    /**
     * The router's candidates the caller's key may call: with a model allowlist, all of them when the list names the
     * requested name (a model, a routing policy, an alias) exactly, else those whose model id or
     * {@code <provider>/<model id>} the list allows; none left is a 403 {@code model_not_allowed}, before any budget
     * is reserved.
     */
    private List<ModelTarget> candidates(CallRequest call) {
        List<ModelTarget> routed = router.route(call.tenantId(), call.requestedModel(), call.body());
        List<String> allowlist = call.allowedModels();
        // a policy or alias name passes whole only when the list names it exactly: a wildcard meant for models
        // (gpt-4o*) must not open a policy that happens to match it (gpt-4o-router) and routes anywhere
        if (allowlist == null || allowlist.contains(call.requestedModel())) {
            return routed;
        }
        List<ModelTarget> allowed = routed.stream()
                .filter(t -> ModelAllowlist.allows(
                        allowlist, t.provider().name(), t.model().id()))
                .toList();
        if (allowed.isEmpty()) {
            String message = "is '" + call.requestedModel() + "', which this API key's model allowlist " + allowlist
                    + " does not allow";
            throw ApiException.of(TaskErrorCode.MODEL_NOT_ALLOWED, "'model' " + message)
                    .withProperty(Problems.ERRORS, List.of(new Problems.FieldError("model", message)));
        }
        return allowed;
    }
}
