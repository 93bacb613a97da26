package com.bl1nk.task.llm;

/**
 * The model layer's one entry point for the rest of task-service: routes a call to its candidates, reserves its budget
 * with billing, fails over across providers and meters it, so no caller repeats any of that.
 */
public interface ModelCalls {

    /**
     * A non-streaming call.
     *
     * @throws com.bl1nk.common.error.ApiException when nothing answered (the problem {@code /v1} clients see: 402
     *     budget, 404 model, 429/502/503/504 upstream)
     */
    CallOutcome complete(CallRequest call);

    /**
     * A streaming call written to {@code sink}. Throws {@link com.bl1nk.common.error.ApiException} only before the
     * first chunk; afterwards a failure becomes an error event on the sink and the outcome says so.
     */
    CallOutcome stream(CallRequest call, StreamSink sink);
}
