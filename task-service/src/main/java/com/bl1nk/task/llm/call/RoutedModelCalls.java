package com.bl1nk.task.llm.call;

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

    private List<ModelTarget> candidates(CallRequest call) {
        return router.route(call.tenantId(), call.requestedModel(), call.body());
    }
}
