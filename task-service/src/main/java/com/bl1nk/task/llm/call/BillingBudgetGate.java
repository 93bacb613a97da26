package com.bl1nk.task.llm.call;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.contracts.billing.ReserveRequest;
import com.bl1nk.task.client.billing.BillingClient;
import com.bl1nk.task.client.billing.BillingClient.BillingUnavailableException;
import com.bl1nk.task.client.billing.BillingClient.BudgetRefusedException;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.llm.CallRequest;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget gate backed by billing-service: reservation on the caller's thread (a refusal must stop the call), settle
 * and release in the background with the caller's identity, so the answer is not held up by bookkeeping.
 */
final class BillingBudgetGate implements BudgetGate {

    private static final Logger log = LoggerFactory.getLogger(BillingBudgetGate.class);

    private final BillingClient billing;
    private final Executor background;

    BillingBudgetGate(BillingClient billing, Executor background) {
        this.billing = billing;
        this.background = background;
    }

    @Override
    public UUID reserve(CallRequest call, String provider, String model, BigDecimal maxCostUsd) {
        try {
            return billing.reserve(new ReserveRequest(
                            call.apiKeyId(),
                            call.agentId(),
                            call.taskId(),
                            provider,
                            model,
                            toBillingScale(maxCostUsd, RoundingMode.UP),
                            null,
                            null))
                    .id();
        } catch (BudgetRefusedException e) {
            throw ApiException.of(TaskErrorCode.BUDGET_EXCEEDED, e.getMessage());
        } catch (BillingClient.ReservationRejectedException e) {
            throw ApiException.unprocessable(e.code(), e.getMessage());
        } catch (BillingUnavailableException e) {
            log.warn("budget reservation impossible, refusing the call: {}", e.getMessage());
            throw ApiException.of(
                    TaskErrorCode.BILLING_UNAVAILABLE,
                    "The budget could not be checked, so the call was not made; retry shortly");
        }
    }

    @Override
    public void settle(UUID reservationId, BigDecimal actualCostUsd) {
        BigDecimal actual = toBillingScale(actualCostUsd, RoundingMode.HALF_UP);
        inBackground("settle " + reservationId, () -> billing.settle(reservationId, actual));
    }

    @Override
    public void release(UUID reservationId) {
        if (reservationId != null) {
            inBackground("release " + reservationId, () -> billing.release(reservationId));
        }
    }

    private void inBackground(String what, Runnable action) {
        var identity = IdentityHolder.find();
        Optional<String> token = IdentityHolder.currentToken();
        background.execute(() -> {
            IdentityHolder.Scope scope =
                    identity.isPresent() ? IdentityHolder.bind(identity.get(), token.orElse(null)) : () -> {};
            try (scope) {
                action.run();
            } catch (RuntimeException e) {
                log.error("billing {} failed; the reservation expires on its own: {}", what, e.getMessage());
            }
        });
    }

    /** Billing accepts at most 8 decimal places (CONTRACTS.md money); reservations round up, settles to nearest. */
    static BigDecimal toBillingScale(BigDecimal amount, RoundingMode mode) {
        BigDecimal scaled = amount.scale() > 8 ? amount.setScale(8, mode) : amount;
        return scaled.signum() == 0 ? BigDecimal.ZERO : scaled.stripTrailingZeros();
    }

    /** The gate when reservations are switched off: nothing is reserved. */
    static BudgetGate disabled() {
        return new BudgetGate() {
            @Override
            public UUID reserve(CallRequest call, String provider, String model, BigDecimal maxCostUsd) {
                return null;
            }

            @Override
            public void settle(UUID reservationId, BigDecimal actualCostUsd) {}

            @Override
            public void release(UUID reservationId) {}
        };
    }
}
