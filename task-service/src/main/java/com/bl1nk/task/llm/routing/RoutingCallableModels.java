package com.bl1nk.task.llm.routing;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.task.llm.CallableModel;
import com.bl1nk.task.llm.CallableModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** {@link CallableModels} from the catalog, the built-in aliases and the tenant's routing policies. */
@Component
class RoutingCallableModels implements CallableModels {

    private final ModelCatalog catalog;
    private final RoutingPolicies policies;

    RoutingCallableModels(ModelCatalog catalog, RoutingPolicies policies) {
        this.catalog = catalog;
        this.policies = policies;
    }

    @Override
    public List<CallableModel> forCaller(Identity identity) {
        Map<String, CallableModel> byId = new LinkedHashMap<>();
        for (ModelTarget t : catalog.targets(identity.tenantId())) {
            byId.putIfAbsent(
                    t.model().id(),
                    new CallableModel(t.model().id(), t.provider().name()));
        }
        List<CallableModel> models = new ArrayList<>(byId.values());
        if (!catalog.mockMode()) {
            models.add(new CallableModel(Router.CHEAPEST, "bl1nk"));
            models.add(new CallableModel(Router.FASTEST, "bl1nk"));
            for (RoutingPolicy p :
                    policies.list(identity, PageRequests.MAX_LIMIT, null).items()) {
                models.add(new CallableModel(p.name(), "bl1nk-policy"));
            }
        }
        return models;
    }
}
