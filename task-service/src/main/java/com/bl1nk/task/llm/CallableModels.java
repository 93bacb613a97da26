package com.bl1nk.task.llm;

import com.bl1nk.common.identity.Identity;
import java.util.List;

/** Lists what a caller can ask the model layer for, so model lists elsewhere need none of routing's internals. */
public interface CallableModels {

    /**
     * The caller's models (each id once, tenant providers first), then, outside mock mode, the built-in aliases and
     * the tenant's routing policies.
     */
    List<CallableModel> forCaller(Identity identity);
}
