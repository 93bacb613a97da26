package com.bl1nk.billing.reservation;

import com.bl1nk.common.web.Cursors;
import com.bl1nk.contracts.billing.ReservationResponse;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL behind the read-only reservation list, so the controller only speaks HTTP. */
@Repository
class ReservationRepository {

    private final JdbcClient jdbc;

    ReservationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} reservations of the tenant, newest first, optionally in one status and after a cursor. */
    List<ReservationResponse> page(UUID tenantId, String status, Cursors.Cursor after, int limit) {
        JdbcClient.StatementSpec spec = jdbc.sql("select " + ReservationService.COLUMNS
                        + " from billing.reservations where tenant_id = :tenant"
                        + (status == null ? "" : " and status = :status")
                        + (after == null ? "" : " and (created_at, id) < (:afterAt, :afterId)")
                        + " order by created_at desc, id desc limit :limit")
                .param("tenant", tenantId)
                .param("limit", limit);
        if (status != null) {
            spec = spec.param("status", status);
        }
        if (after != null) {
            spec = spec.param("afterAt", Timestamp.from(after.createdAt())).param("afterId", after.id());
        }
        return spec.query(ReservationService::toResponse).list();
    }
}
