package com.bl1nk.task.llm.call;

import com.bl1nk.task.llm.routing.ModelTarget;

/**
 * Provider and model labels of the model-call meters, bounded to what the operator configured: a tenant's own
 * provider (its name and model ids are the tenant's to choose, in any number) is labelled {@code tenant}, so no tenant
 * can grow the metric series or see its names in platform dashboards.
 */
final class CallMeterTags {

    /** Label value standing for every tenant-configured provider and its models. */
    static final String TENANT = "tenant";

    private CallMeterTags() {}

    static String provider(ModelTarget target) {
        return target.provider().tenantOwned() ? TENANT : target.provider().name();
    }

    static String model(ModelTarget target) {
        return target.provider().tenantOwned() ? TENANT : target.model().id();
    }
}
