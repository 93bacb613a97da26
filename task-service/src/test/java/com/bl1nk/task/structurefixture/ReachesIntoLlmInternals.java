package com.bl1nk.task.structurefixture;

import com.bl1nk.task.llm.provider.ProviderKind;
import com.bl1nk.task.llm.routing.ModelTarget;

/** A deliberately bad "feature" for TaskStructureTests: it uses llm's internals instead of its facade. */
public final class ReachesIntoLlmInternals {

    private ReachesIntoLlmInternals() {}

    /** Reads a routing internal and a provider internal. */
    public static boolean isMock(ModelTarget target) {
        return target.provider().kind() == ProviderKind.MOCK;
    }
}
