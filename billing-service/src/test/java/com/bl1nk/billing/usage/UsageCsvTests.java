package com.bl1nk.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageCsvTests {

    @Test
    void writesHeaderRowsAndTotalsWithCrlf() {
        UsageReport.Row row = new UsageReport.Row("mock-llm/mock-gpt", 2, 10, 5, 0, "0.00002", 0, 0);
        UsageReport report = new UsageReport(
                "model",
                Instant.EPOCH,
                Instant.EPOCH.plusSeconds(1),
                "USD",
                List.of(row),
                UsageCsv.sum("total", List.of(row)),
                null);
        assertThat(UsageCsv.write(report))
                .isEqualTo(UsageCsv.HEADER + "mock-llm/mock-gpt,2,10,5,0,0.00002,0,0\r\n"
                        + "total,2,10,5,0,0.00002,0,0\r\n");
    }

    @Test
    void quotesSeparatorsAndDefusesSpreadsheetFormulas() {
        assertThat(UsageCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(UsageCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(UsageCsv.cell("-1")).isEqualTo("'-1");
        assertThat(UsageCsv.cell("plain")).isEqualTo("plain");
    }

    @Test
    void parsesDatesAndInstantsForReportBounds() {
        assertThat(UsageController.parseBound("from", "2026-03-01", false))
                .isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(UsageController.parseBound("to", "2026-03-01", true))
                .isEqualTo(Instant.parse("2026-03-02T00:00:00Z"));
        assertThat(UsageController.parseBound("to", "2026-03-01T12:00:00Z", true))
                .isEqualTo(Instant.parse("2026-03-01T12:00:00Z"));
    }
}
