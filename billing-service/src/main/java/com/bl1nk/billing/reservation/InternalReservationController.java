package com.bl1nk.billing.reservation;

import com.bl1nk.common.identity.Identity;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The reservation API task-service and rag-service call around every model call (CONTRACTS.md, Billing API). */
@RestController
@RequestMapping("/internal/v1/reservations")
class InternalReservationController {

    private final ReservationService reservations;

    InternalReservationController(ReservationService reservations) {
        this.reservations = reservations;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ReservationCreated reserve(Identity identity, @RequestBody ReserveRequest request) {
        return reservations.reserve(identity, request);
    }

    @PostMapping("/{id}/settle")
    ReservationResponse settle(Identity identity, @PathVariable UUID id, @RequestBody SettleRequest request) {
        return reservations.settle(identity, id, request);
    }

    @PostMapping("/{id}/release")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void release(Identity identity, @PathVariable UUID id) {
        reservations.release(identity, id);
    }
}
