package com.bl1nk.billing.usage;

import com.bl1nk.billing.money.Money;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Usage reports (JSON or CSV), the ledger itself, and the cost of one task. */
@RestController
@RequestMapping("/api/v1/usage")
class UsageController {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final Duration DEFAULT_RANGE = Duration.ofDays(30);
    private static final Duration MAX_RANGE = Duration.ofDays(400);
    /** Bound on groups in one report (a month of per-task rows for a busy tenant fits). */
    private static final int MAX_GROUPS = 10_000;

    private final UsageQueries queries;
    private final Clock clock;

    UsageController(UsageQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping
    ResponseEntity<?> report(
            Identity identity,
            @RequestParam(defaultValue = "day") String groupBy,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String format,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        UsageQueries.GroupBy group = UsageQueries.GroupBy.fromWire(groupBy);
        if (group == null) {
            throw ApiException.invalidField("groupBy", "must be one of day, model, agent, key, task");
        }
        if (format != null && !format.equals("csv") && !format.equals("json")) {
            throw ApiException.invalidField("format", "must be csv or json");
        }
        Instant end = to == null ? clock.instant() : parseBound("to", to, true);
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : parseBound("from", from, false);
        if (!start.isBefore(end)) {
            throw ApiException.invalidField("from", "must be before to");
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ApiException.invalidField("to", "the range may span at most " + MAX_RANGE.toDays() + " days");
        }
        List<UsageReport.Row> rows = queries.grouped(identity.tenantId(), group, start, end, MAX_GROUPS);
        UsageReport.Row totals = queries.totals(identity.tenantId(), start, end);
        UsageReport report = new UsageReport(group.wire(), start, end, Money.USD, rows, totals, null);
        boolean csv = "csv".equals(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (csv) {
            return ResponseEntity.ok()
                    .contentType(TEXT_CSV)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"usage-" + group.wire() + ".csv\"")
                    .body(UsageCsv.write(report));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report);
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/records")
    Page<UsageRecordResponse> records(
            Identity identity,
            @RequestParam(required = false) UUID taskId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        List<UsageRecordResponse> rows = queries.records(
                identity.tenantId(),
                taskId,
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                size + 1);
        return Page.of(rows, size, r -> Cursors.encode(r.occurredAt(), r.id()));
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/tasks/{taskId}")
    TaskCost taskCost(Identity identity, @PathVariable UUID taskId) {
        List<UsageReport.Row> byModel = queries.taskByModel(identity.tenantId(), taskId);
        if (byModel.isEmpty()) {
            throw ApiException.notFound("task usage", taskId);
        }
        UsageReport.Row totals = UsageCsv.sum("total", byModel);
        return new TaskCost(taskId, totals.costUsd(), Money.USD, totals, byModel);
    }

    /** An ISO-8601 instant, or a date (UTC): as {@code from} its start, as {@code to} the end of that day. */
    static Instant parseBound(String field, String value, boolean endOfDay) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notInstant) {
            try {
                LocalDate date = LocalDate.parse(value);
                return (endOfDay ? date.plusDays(1) : date)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } catch (DateTimeParseException notDate) {
                throw ApiException.invalidField(
                        field, "must be an ISO-8601 date (2026-01-31) or instant (2026-01-31T12:00:00Z)");
            }
        }
    }
}
