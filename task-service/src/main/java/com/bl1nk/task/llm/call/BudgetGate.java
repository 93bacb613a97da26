package com.bl1nk.task.llm.call;

import com.bl1nk.task.llm.CallRequest;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * Reserves money before a call and settles it after, so a tenant over budget is refused before anything is spent.
 */
interface BudgetGate {

    /**
     * Reserves {@code maxCostUsd} for a call.
     *
     * @return the reservation id, or {@code null} when nothing needs reserving
     * @throws com.bl1nk.common.error.ApiException 402 {@code budget_exceeded} when refused, 503 when billing is down
     */
    UUID reserve(CallRequest call, String provider, String model, BigDecimal maxCostUsd);

    /** Settles a reservation with the actual cost; never throws. */
    void settle(UUID reservationId, BigDecimal actualCostUsd);

    /** Releases a reservation nothing was spent against; never throws. */
    void release(UUID reservationId);
}
