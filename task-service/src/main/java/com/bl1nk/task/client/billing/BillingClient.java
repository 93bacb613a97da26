package com.bl1nk.task.client.billing;

import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Talks to billing-service's internal API with explicit timeouts; each call carries task-service's own token for
 * billing, acting for the identity bound to the thread, and the traceparent (common-lib's RestClient customizer).
 */
public class BillingClient {

    private static final JsonMapper PROBLEM_READER = JsonMapper.builder().build();

    private final RestClient http;

    public BillingClient(
            RestClient.Builder builder, BillingClientProperties properties, ClientHttpRequestInterceptor identity) {
        HttpClient jdk = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(jdk);
        factory.setReadTimeout(properties.readTimeout());
        this.http = builder.clone()
                .baseUrl(properties.baseUrl())
                .requestFactory(factory)
                .requestInterceptor(identity)
                .build();
    }

    /**
     * Reserves budget.
     *
     * @throws BudgetRefusedException when billing answers 402
     * @throws BillingUnavailableException when billing cannot be asked
     */
    public Reservation reserve(ReserveRequest request) {
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
                    .body(Reservation.class);
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
                .body(new SettleRequest(actualCostUsd.toPlainString()))
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
        JsonNode body = http.get()
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
                .body(JsonNode.class);
        JsonNode items = body == null ? null : (body.isArray() ? body : body.path("items"));
        List<PriceEntry> entries = new ArrayList<>();
        if (items != null && items.isArray()) {
            for (JsonNode n : items) {
                entries.add(new PriceEntry(
                        n.path("provider").asString(null),
                        n.path("model").asString(null),
                        decimal(n.get("inputPerMTokUsd")),
                        decimal(n.get("outputPerMTokUsd")),
                        decimal(n.get("cachedInputPerMTokUsd")),
                        n.hasNonNull("contextWindow") ? n.get("contextWindow").asInt() : null,
                        n.hasNonNull("supportsTools") ? n.get("supportsTools").asBoolean() : null));
            }
        }
        return entries;
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        try {
            return new BigDecimal(n.isNumber() ? n.numberValue().toString() : n.asString());
        } catch (NumberFormatException e) {
            return null;
        }
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
            return code.isBlank() ? "reservation_rejected" : code;
        } catch (JacksonException e) {
            return "reservation_rejected";
        }
    }

    /** Body of a reservation request; money as a decimal string. */
    public record ReserveRequest(
            UUID apiKeyId, UUID agentId, UUID taskId, String provider, String model, String maxCostUsd) {}

    /** Billing's answer to a reservation. */
    public record Reservation(UUID id, Instant expiresAt) {}

    /** Body of a settle request. */
    record SettleRequest(String actualCostUsd) {}

    /** One price book entry (nulls for unknown fields). */
    public record PriceEntry(
            String provider,
            String model,
            BigDecimal inputPerMTokUsd,
            BigDecimal outputPerMTokUsd,
            BigDecimal cachedInputPerMTokUsd,
            Integer contextWindow,
            Boolean supportsTools) {}

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
