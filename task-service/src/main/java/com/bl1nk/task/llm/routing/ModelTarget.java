package com.bl1nk.task.llm.routing;

import com.bl1nk.task.llm.provider.ModelDefinition;
import com.bl1nk.task.llm.provider.ProviderConfig;

/**
 * One candidate for a call: a provider, one of its models and its price (if billing knows it).
 *
 * @param provider the provider with decrypted credentials
 * @param model the model as the provider declared it
 * @param price billing's price, or {@code null} when the price book has no entry
 */
public record ModelTarget(ProviderConfig provider, ModelDefinition model, ModelPrice price) {

    /** Key of this provider+model's health and circuit breaker. */
    public String healthKey() {
        return provider.key() + "|" + model.id();
    }

    /** Context window from the declaration, else the price book, else {@code null}. */
    public Integer contextWindow() {
        if (model.contextWindow() != null) {
            return model.contextWindow();
        }
        return price == null ? null : price.contextWindow();
    }

    /** Tool support from the declaration, else the price book; unknown counts as supported. */
    public boolean supportsTools() {
        if (model.supportsTools() != null) {
            return model.supportsTools();
        }
        return price == null || price.supportsTools() == null || price.supportsTools();
    }
}
