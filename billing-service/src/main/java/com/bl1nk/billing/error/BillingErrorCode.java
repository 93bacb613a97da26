package com.bl1nk.billing.error;

import com.bl1nk.common.error.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * The problem codes billing-service answers with besides common-lib's; clients switch on these strings, so an entry's code
 * and status never change. {@code docs/errors/billing.md} is generated from this list by {@code ErrorCatalogueTests}.
 */
public enum BillingErrorCode implements ErrorCode {
    BUDGET_EXISTS("budget_exists", HttpStatus.CONFLICT, "A budget for this scope and period already exists"),
    BUDGET_IMMUTABLE_FIELDS(
            "budget_immutable_fields",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "A budget's scope and period cannot change; create another budget"),
    EFFECTIVE_FROM_IN_PAST(
            "effective_from_in_past", HttpStatus.BAD_REQUEST, "A price version cannot start in the past"),
    PRICE_VERSION_EXISTS(
            "price_version_exists",
            HttpStatus.CONFLICT,
            "A price version for this model starting at that moment already exists"),
    PLATFORM_PRICE(
            "platform_price",
            HttpStatus.FORBIDDEN,
            "Only the platform operator (`platform:admin`) may set this price or policy"),
    MODEL_NOT_PRICED(
            "model_not_priced",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The model has no price and the tenant may not call unpriced models"),
    RESERVATION_RELEASED("reservation_released", HttpStatus.CONFLICT, "The reservation was already released"),
    RESERVATION_SETTLED("reservation_settled", HttpStatus.CONFLICT, "The reservation was already settled"),
    SECRET_ENCRYPTION_UNAVAILABLE(
            "secret_encryption_unavailable",
            HttpStatus.SERVICE_UNAVAILABLE,
            "Webhook secrets cannot be stored: no master key is configured"),
    UNSUPPORTED_CURRENCY("unsupported_currency", HttpStatus.BAD_REQUEST, "Only USD amounts are supported"),
    BILLING_UNAVAILABLE(
            "billing_unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Billing's storage is unavailable; retry shortly");

    private final String code;
    private final HttpStatus status;
    private final String meaning;

    BillingErrorCode(String code, HttpStatus status, String meaning) {
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
