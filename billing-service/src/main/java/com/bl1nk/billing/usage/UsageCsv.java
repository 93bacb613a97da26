package com.bl1nk.billing.usage;

import com.bl1nk.billing.money.Money;
import java.math.BigDecimal;
import java.util.List;

/** CSV rendering of a usage report (RFC 4180 quoting, formula-injection safe for spreadsheet users). */
final class UsageCsv {

    static final String HEADER =
            "key,calls,prompt_tokens,completion_tokens,cached_tokens,cost_usd,estimated_calls," + "unpriced_calls\r\n";

    private UsageCsv() {}

    static String write(UsageReport report) {
        StringBuilder out = new StringBuilder(HEADER);
        for (UsageReport.Row row : report.items()) {
            append(out, row);
        }
        append(out, report.totals());
        return out.toString();
    }

    /** Sum of rows, exact. */
    static UsageReport.Row sum(String key, List<UsageReport.Row> rows) {
        long calls = 0;
        long prompt = 0;
        long completion = 0;
        long cached = 0;
        long estimated = 0;
        long unpriced = 0;
        BigDecimal cost = BigDecimal.ZERO;
        for (UsageReport.Row r : rows) {
            calls += r.calls();
            prompt += r.promptTokens();
            completion += r.completionTokens();
            cached += r.cachedTokens();
            estimated += r.estimatedCalls();
            unpriced += r.unpricedCalls();
            cost = cost.add(new BigDecimal(r.costUsd()));
        }
        return new UsageReport.Row(key, calls, prompt, completion, cached, Money.format(cost), estimated, unpriced);
    }

    private static void append(StringBuilder out, UsageReport.Row row) {
        out.append(cell(row.key()))
                .append(',')
                .append(row.calls())
                .append(',')
                .append(row.promptTokens())
                .append(',')
                .append(row.completionTokens())
                .append(',')
                .append(row.cachedTokens())
                .append(',')
                .append(row.costUsd())
                .append(',')
                .append(row.estimatedCalls())
                .append(',')
                .append(row.unpricedCalls())
                .append("\r\n");
    }

    /** Quotes when needed and defuses cells a spreadsheet would run as a formula. */
    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
