package com.bl1nk.billing.reservation;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.billing.ReservationResponse;
import java.util.List;
import java.util.UUID;
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
    private final ReservationRepository repository;

    ReservationController(ReservationService reservations, ReservationRepository repository) {
        this.reservations = reservations;
        this.repository = repository;
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
        List<ReservationResponse> rows = repository.page(identity.tenantId(), status, after, size + 1);
        return Page.of(rows, size, r -> Cursors.encode(r.createdAt(), r.id()));
    }

    @Requires(Permission.BILLING_READ)
    @GetMapping("/{id}")
    ReservationResponse get(Identity identity, @PathVariable UUID id) {
        return reservations.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("reservation", id));
    }
}
