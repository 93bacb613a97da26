package com.bl1nk.billing.reservation;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.billing.ReservationResponse;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Read-only public view of the tenant's reservations, newest first, for dashboards and debugging refusals. */
@RestController
@RequestMapping("/api/v1/reservations")
class ReservationController {

    private final ReservationService reservations;
    private final JdbcClient jdbc;

    ReservationController(ReservationService reservations, JdbcClient jdbc) {
        this.reservations = reservations;
        this.jdbc = jdbc;
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping
    Page<ReservationResponse> list(
            Identity identity,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        int size = PageRequests.limit(limit);
        if (status != null
                && !List.of("active", "settled", "released", "expired").contains(status)) {
            throw ApiException.invalidField("status", "must be one of active, settled, released, expired");
        }
        Cursors.Cursor after = Cursors.decode(cursor);
        JdbcClient.StatementSpec spec = jdbc.sql("select " + ReservationService.COLUMNS
                        + " from billing.reservations where tenant_id = :tenant"
                        + (status == null ? "" : " and status = :status")
                        + (after == null ? "" : " and (created_at, id) < (:afterAt, :afterId)")
                        + " order by created_at desc, id desc limit :limit")
                .param("tenant", identity.tenantId())
                .param("limit", size + 1);
        if (status != null) {
            spec = spec.param("status", status);
        }
        if (after != null) {
            spec = spec.param("afterAt", Timestamp.from(after.createdAt())).param("afterId", after.id());
        }
        List<ReservationResponse> rows =
                spec.query(ReservationService::toResponse).list();
        return Page.of(rows, size, r -> Cursors.encode(r.createdAt(), r.id()));
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/{id}")
    ReservationResponse get(Identity identity, @PathVariable UUID id) {
        return reservations.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("reservation", id));
    }
}
