package com.bl1nk.task.llm.openai;

/** Response and request headers of the OpenAI-compatible API that say who served a call and what it cost. */
final class OpenAiHeaders {

    /** Provider that served the call. */
    public static final String PROVIDER = "X-Bl1nk-Provider";

    /** Model that served the call (as clients know it). */
    public static final String MODEL = "X-Bl1nk-Model";

    /** Cost in USD (decimal), when the price is known; non-streaming responses only. */
    public static final String COST = "X-Bl1nk-Cost-Usd";

    /** Most the call may cost (the budget reservation), streaming responses. */
    public static final String MAX_COST = "X-Bl1nk-Max-Cost-Usd";

    /** {@code true} when token counts were estimated because the provider reported none. */
    public static final String USAGE_ESTIMATED = "X-Bl1nk-Usage-Estimated";

    /** Optional request header: the agent making the call (metered to it). */
    public static final String AGENT_ID = "X-Bl1nk-Agent-Id";

    /** Optional request header: the task the call belongs to. */
    public static final String TASK_ID = "X-Bl1nk-Task-Id";

    private OpenAiHeaders() {}
}
