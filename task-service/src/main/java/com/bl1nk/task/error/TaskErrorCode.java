package com.bl1nk.task.error;

import com.bl1nk.common.error.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * The problem codes task-service answers with besides common-lib's; clients switch on these strings, so an entry's code
 * and status never change. {@code docs/errors/task.md} is generated from this list by {@code ErrorCatalogueTests}.
 */
public enum TaskErrorCode implements ErrorCode {
    AGENT_NAME_TAKEN("agent_name_taken", HttpStatus.CONFLICT, "An agent of that name already exists in the tenant"),
    UNKNOWN_AGENT(
            "unknown_agent", HttpStatus.UNPROCESSABLE_CONTENT, "A delegation target names no agent of the tenant"),
    API_KEY_REQUIRED("api_key_required", HttpStatus.BAD_REQUEST, "The provider kind needs an API key"),
    PROVIDER_NAME_TAKEN("provider_name_taken", HttpStatus.CONFLICT, "A provider of that name already exists"),
    POLICY_NAME_TAKEN("policy_name_taken", HttpStatus.CONFLICT, "A routing policy of that name already exists"),
    SECRETS_UNAVAILABLE(
            "secrets_unavailable",
            HttpStatus.SERVICE_UNAVAILABLE,
            "Secrets cannot be stored or read: no master key is configured"),
    BILLING_UNAVAILABLE(
            "billing_unavailable",
            HttpStatus.SERVICE_UNAVAILABLE,
            "The budget could not be checked, so the call was not made; retry shortly"),
    RESERVATION_REJECTED(
            "reservation_rejected",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "Billing refused the call's reservation without saying why (billing's own code, e.g. `model_not_priced`,"
                    + " is passed on when it gives one)"),
    BUDGET_EXCEEDED(
            "budget_exceeded",
            HttpStatus.PAYMENT_REQUIRED,
            "The call would exceed the tenant's budget; nothing was spent"),
    BUDGET_EXHAUSTED(
            "budget_exhausted",
            HttpStatus.PAYMENT_REQUIRED,
            "The task's own budget is spent (a task failure code in the run's result, not an HTTP answer)"),
    CONTEXT_LENGTH_EXCEEDED(
            "context_length_exceeded", HttpStatus.BAD_REQUEST, "The prompt is longer than the model's context window"),
    INVALID_JSON("invalid_json", HttpStatus.BAD_REQUEST, "The body is not valid JSON"),
    MODEL_NOT_FOUND("model_not_found", HttpStatus.NOT_FOUND, "No such model (or route) for this tenant"),
    MODEL_NOT_ALLOWED(
            "model_not_allowed",
            HttpStatus.FORBIDDEN,
            "The API key's model allowlist does not include the model the request (or the task's agent) names"),
    MODEL_NOT_FOUND_IN_REQUEST(
            "model_not_found", HttpStatus.BAD_REQUEST, "The request names a model no provider serves"),
    NO_HEALTHY_PROVIDER(
            "no_healthy_provider",
            HttpStatus.SERVICE_UNAVAILABLE,
            "Every provider of the model is failing or its circuit is open"),
    NO_MODEL_AVAILABLE(
            "no_model_available", HttpStatus.SERVICE_UNAVAILABLE, "No model fits the request under the routing policy"),
    UPSTREAM_AUTH_FAILED(
            "upstream_auth_failed", HttpStatus.BAD_GATEWAY, "The model provider refused bl1nk's credentials"),
    UPSTREAM_BAD_RESPONSE(
            "upstream_bad_response",
            HttpStatus.BAD_GATEWAY,
            "The model provider answered with something that is not a completion"),
    UPSTREAM_ERROR("upstream_error", HttpStatus.BAD_GATEWAY, "The model provider answered with an error"),
    UPSTREAM_RATE_LIMITED(
            "upstream_rate_limited",
            HttpStatus.TOO_MANY_REQUESTS,
            "The model provider is rate limiting; see `Retry-After`"),
    UPSTREAM_TIMEOUT("upstream_timeout", HttpStatus.GATEWAY_TIMEOUT, "The model provider did not answer in time"),
    UPSTREAM_UNAVAILABLE("upstream_unavailable", HttpStatus.BAD_GATEWAY, "The model provider could not be reached"),
    PROVIDER_ERROR(
            "provider_error",
            HttpStatus.BAD_GATEWAY,
            "A model provider failed during the agent loop (a task failure code, not an HTTP answer)"),
    PROVIDER_STREAM_BROKEN(
            "provider_stream_broken",
            HttpStatus.BAD_GATEWAY,
            "A provider's stream broke off during the agent loop (a task failure code, not an HTTP answer)"),
    PROVIDER_UNREACHABLE(
            "provider_unreachable",
            HttpStatus.BAD_GATEWAY,
            "A model provider could not be reached during the agent loop"),
    MAX_STEPS_EXCEEDED(
            "max_steps_exceeded",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The agent made its `maxSteps` model calls without a final answer (a task failure code); raise the agent's"
                    + " maxSteps"),
    RETRIEVAL_FAILED(
            "retrieval_failed",
            HttpStatus.BAD_GATEWAY,
            "The agent's knowledge base search failed during the loop (a task failure code, not an HTTP answer)"),
    IDEMPOTENCY_IN_FLIGHT(
            "idempotency_in_flight",
            HttpStatus.CONFLICT,
            "A task with this `Idempotency-Key` is still being created; retry later"),
    QUOTA_EXCEEDED(
            "quota_exceeded", HttpStatus.TOO_MANY_REQUESTS, "The tenant has too many open tasks or event streams"),
    DELIVERY_NOT_FAILED("delivery_not_failed", HttpStatus.CONFLICT, "Only a failed GitHub delivery can be retried"),
    INSTALLATION_TAKEN(
            "installation_taken", HttpStatus.CONFLICT, "The GitHub installation is already bound to another tenant"),
    GITHUB_NOT_CONFIGURED("github_not_configured", HttpStatus.SERVICE_UNAVAILABLE, "The GitHub App is not configured"),
    MISSING_DELIVERY_ID(
            "missing_delivery_id", HttpStatus.BAD_REQUEST, "The GitHub webhook lacks its `X-GitHub-Delivery` id");

    private final String code;
    private final HttpStatus status;
    private final String meaning;

    TaskErrorCode(String code, HttpStatus status, String meaning) {
        this.code = code;
        this.status = status;
        this.meaning = meaning;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String meaning() {
        return meaning;
    }
}
