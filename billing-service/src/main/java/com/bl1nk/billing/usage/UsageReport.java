package com.bl1nk.billing.usage;

import java.time.Instant;
import java.util.List;

/** Usage grouped by one dimension over [from, to), with totals; money as decimal strings. */
public record UsageReport(
        String groupBy, Instant from, Instant to, String currency, List<Row> items, Row totals, String nextCursor) {

    /** One group: {@code key} is a day (YYYY-MM-DD), provider/model, or an agent, key or task id ("none" if unset). */
    public record Row(
            String key,
            long calls,
            long promptTokens,
            long completionTokens,
            long cachedTokens,
            String costUsd,
            long estimatedCalls,
            long unpricedCalls) {}
}
