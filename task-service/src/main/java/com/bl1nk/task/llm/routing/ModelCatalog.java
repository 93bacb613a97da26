package com.bl1nk.task.llm.routing;

import com.bl1nk.task.llm.provider.ModelDefinition;
import com.bl1nk.task.llm.provider.ProviderConfig;
import com.bl1nk.task.llm.provider.ProviderDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Which provider serves which model for a tenant, with billing's prices attached. */
@Component
class ModelCatalog {

    private final ProviderDirectory directory;
    private final PriceBook prices;

    ModelCatalog(ProviderDirectory directory, PriceBook prices) {
        this.directory = directory;
        this.prices = prices;
    }

    /** Every provider+model the tenant may call, tenant providers first. */
    List<ModelTarget> targets(UUID tenantId) {
        List<ModelTarget> targets = new ArrayList<>();
        for (ProviderConfig provider : directory.forTenant(tenantId)) {
            for (ModelDefinition model : provider.models()) {
                targets.add(new ModelTarget(provider, model, prices.price(provider.name(), model.id())));
            }
        }
        return targets;
    }

    /** The tenant's own provider+models only (its explicit choice, tried before any platform provider). */
    List<ModelTarget> tenantTargets(UUID tenantId) {
        return targets(tenantId).stream()
                .filter(t -> t.provider().tenantOwned())
                .toList();
    }

    /** In mock mode, a target on mock-llm for any model id (mock-llm answers every model). */
    ModelTarget mockTarget(String modelId) {
        ProviderConfig mock = directory.platform().getFirst();
        ModelDefinition declared = mock.model(modelId);
        ModelDefinition model = declared != null ? declared : ModelDefinition.of(modelId);
        return new ModelTarget(mock, model, prices.price(mock.name(), modelId));
    }

    /** The candidates of one call, each unpriced one asked for again (a price just added is used at once). */
    List<ModelTarget> repriced(List<ModelTarget> candidates) {
        List<ModelTarget> result = new ArrayList<>(candidates.size());
        for (ModelTarget t : candidates) {
            ModelPrice price = t.price() != null
                    ? t.price()
                    : prices.priceForCall(t.provider().name(), t.model().id());
            result.add(price == t.price() ? t : new ModelTarget(t.provider(), t.model(), price));
        }
        return result;
    }

    /** Whether every call goes to mock-llm. */
    boolean mockMode() {
        return directory.mockMode();
    }
}
