package com.bl1nk.task.client.billing;

import com.bl1nk.common.client.DownstreamClients;
import com.bl1nk.common.web.Page;
import com.bl1nk.contracts.billing.PriceEntry;
import com.bl1nk.contracts.billing.ReservationCreated;
import com.bl1nk.contracts.billing.ReserveRequest;
import com.bl1nk.contracts.billing.SettleRequest;
import com.bl1nk.task.error.TaskErrorCode;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to billing-service's internal API with the contract records of {@code com.bl1nk.contracts.billing}; its
 * RestClient is built the common way (timeouts, task-service's own token for billing acting for the identity bound to
 * the thread, traceparent, the {@code billing} circuit breaker).
 */
@Component
@EnableConfigurationProperties(BillingClientProperties.class)
public class BillingClient {

    private static final JsonMapper PROBLEM_READER = JsonMapper.builder().build();
    private static final ParameterizedTypeReference<Page<PriceEntry>> PRICE_PAGE =
            new ParameterizedTypeReference<>() {};

    private final RestClient http;

    @Autowired
    BillingClient(DownstreamClients clients, BillingClientProperties properties) {
        this(clients.restClient(properties.downstream()));
    }

    public BillingClient(RestClient http) {
        this.http = http;
    }

    /**
     * Reserves budget.
     *
     * @throws BudgetRefusedException when billing answers 402
     * @throws BillingUnavailableException when billing cannot be asked
     */
    public ReservationCreated reserve(ReserveRequest request) {
        try {
            return http.post()
                    .uri("/internal/v1/reservations")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(request)
                    .retrieve()
                    .onStatus(s -> s.value() == 402, (req, res) -> {
                        throw new BudgetRefusedException(detail(res.getBody().readAllBytes()));
                    })
                    .onStatus(s -> s.value() == 400 || s.value() == 422, (req, res) -> {
                        byte[] problem = res.getBody().readAllBytes();
                        throw new ReservationRejectedException(
                                res.getStatusCode().value(), code(problem), detail(problem));
                    })
                    .onStatus(HttpStatusCode::isError, (req, res) -> {
                        throw new BillingUnavailableException(
                                "billing answered HTTP " + res.getStatusCode().value());
                    })
                    .body(ReservationCreated.class);
        } catch (BudgetRefusedException | BillingUnavailableException | ReservationRejectedException e) {
            throw e;
        } catch (RestClientException e) {
            throw new BillingUnavailableException("billing could not be reached: " + e.getMessage());
        }
    }

    /** Settles a reservation with the actual cost. */
    public void settle(UUID reservationId, BigDecimal actualCostUsd) {
        http.post()
                .uri("/internal/v1/reservations/{id}/settle", reservationId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new SettleRequest(actualCostUsd, null))
                .retrieve()
                .toBodilessEntity();
    }

    /** Releases a reservation nothing was spent against. */
    public void release(UUID reservationId) {
        http.post()
                .uri("/internal/v1/reservations/{id}/release", reservationId)
                .retrieve()
                .toBodilessEntity();
    }

    /** Price book entries for a provider+model (either may be null to list more). */
    public List<PriceEntry> prices(String provider, String model) {
        Page<PriceEntry> page = http.get()
                .uri(b -> {
                    b.path("/internal/v1/prices");
                    if (provider != null) {
                        b.queryParam("provider", provider);
                    }
                    if (model != null) {
                        b.queryParam("model", model);
                    }
                    return b.build();
                })
                .retrieve()
                .body(PRICE_PAGE);
        return page == null || page.items() == null ? List.of() : page.items();
    }

    private static String detail(byte[] body) {
        try {
            String detail = PROBLEM_READER.readTree(body).path("detail").asString("");
            return detail.isBlank() ? "The budget does not allow this call" : detail;
        } catch (JacksonException e) {
            return "The budget does not allow this call";
        }
    }

    private static String code(byte[] body) {
        try {
            String code = PROBLEM_READER.readTree(body).path("code").asString("");
            return code.isBlank() ? TaskErrorCode.RESERVATION_REJECTED.code() : code;
        } catch (JacksonException e) {
            return TaskErrorCode.RESERVATION_REJECTED.code();
        }
    }

    /** Billing refused the reservation (402). */
    public static final class BudgetRefusedException extends RuntimeException {
        public BudgetRefusedException(String message) {
            super(message, null, false, false);
        }
    }

    /** Billing refused the request itself (400/422), e.g. {@code model_not_priced}; carries billing's code. */
    public static final class ReservationRejectedException extends RuntimeException {
        private final int status;
        private final String code;

        public ReservationRejectedException(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    /** Billing could not be asked (down, timeout, unexpected answer). */
    public static final class BillingUnavailableException extends RuntimeException {
        public BillingUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
