package com.bl1nk.task.structurefixture;

import com.bl1nk.task.client.billing.BillingClient;
import com.bl1nk.task.llm.CallOutcome;
import com.bl1nk.task.llm.CallRequest;
import com.bl1nk.task.llm.ModelCalls;

/** A well-behaved "feature" for TaskStructureTests: it uses only llm's facade and the billing client's own package. */
public final class UsesOnlyFacades {

    private final ModelCalls calls;
    private final BillingClient billing;

    public UsesOnlyFacades(ModelCalls calls, BillingClient billing) {
        this.calls = calls;
        this.billing = billing;
    }

    /** Asks the model layer through its facade. */
    public CallOutcome ask(CallRequest request) {
        return billing == null ? null : calls.complete(request);
    }
}
