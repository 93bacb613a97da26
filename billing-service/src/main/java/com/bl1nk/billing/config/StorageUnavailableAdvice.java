package com.bl1nk.billing.config;

import com.bl1nk.billing.error.BillingErrorCode;
import com.bl1nk.common.error.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Billing fails closed: when the database cannot be reached in time, callers get 503 {@code billing_unavailable} with
 * {@code Retry-After} (so task-service refuses the call and may retry) instead of an opaque 500.
 */
@RestControllerAdvice
class StorageUnavailableAdvice {

    private static final Logger log = LoggerFactory.getLogger(StorageUnavailableAdvice.class);

    @ExceptionHandler({
        CannotCreateTransactionException.class,
        DataAccessResourceFailureException.class,
        TransientDataAccessResourceException.class,
        QueryTimeoutException.class
    })
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("billing storage unavailable: {}", e.toString());
        ProblemDetail problem = Problems.of(
                BillingErrorCode.BILLING_UNAVAILABLE,
                "Billing cannot reach its database right now; nothing was reserved or changed");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
