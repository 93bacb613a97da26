package com.bl1nk.billing.reservation;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.idempotency.IdempotencyService;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.contracts.billing.ReservationResponse;
import com.bl1nk.contracts.billing.ReserveRequest;
import com.bl1nk.contracts.billing.SettleRequest;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The reservation API task-service and rag-service call around every model call (CONTRACTS.md, Billing API). */
@RestController
@RequestMapping("/internal/v1/reservations")
class InternalReservationController {

    private final ReservationService reservations;
    private final IdempotencyService idempotency;

    InternalReservationController(ReservationService reservations, IdempotencyService idempotency) {
        this.reservations = reservations;
        this.idempotency = idempotency;
    }

    /** A retried reserve with the same {@code Idempotency-Key} gets the first answer and holds nothing more. */
    @Requires(Permission.INTERNAL)
    @PostMapping
    ResponseEntity<?> reserve(
            Identity identity,
            @RequestHeader(value = IdempotencyService.HEADER, required = false) String idempotencyKey,
            @RequestBody ReserveRequest request) {
        return idempotency.execute(
                identity,
                "POST /internal/v1/reservations",
                idempotencyKey,
                request,
                () -> ResponseEntity.status(HttpStatus.CREATED).body(reservations.reserve(identity, request)));
    }

    @Requires(Permission.INTERNAL)
    @PostMapping("/{id}/settle")
    ReservationResponse settle(Identity identity, @PathVariable UUID id, @RequestBody SettleRequest request) {
        reservations.settle(identity, id, request);
        return reservations.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("reservation", id));
    }

    @Requires(Permission.INTERNAL)
    @PostMapping("/{id}/release")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void release(Identity identity, @PathVariable UUID id) {
        reservations.release(identity, id);
    }
}
