package com.bl1nk.billing.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.contracts.billing.PriceEntry;
import com.bl1nk.contracts.billing.ReservationCreated;
import com.bl1nk.contracts.billing.ReservationResponse;
import com.bl1nk.contracts.billing.ReserveRequest;
import com.bl1nk.contracts.billing.SettleRequest;
import com.bl1nk.contracts.examples.ContractExamples;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * billing's side of its internal API contract: the committed request examples are accepted as task-service's client
 * sends them, and every answer has exactly the fields of the committed response example.
 */
class InternalApiContractIT extends BillingIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static Map<?, ?> example(Class<?> type) {
        return JSON.readValue(ContractExamples.json(type), Map.class);
    }

    private static void assertSameFields(JsonNode answer, Class<?> type) {
        assertThat(answer.propertyNames())
                .as("fields of %s", type.getSimpleName())
                .containsExactlyInAnyOrderElementsOf(
                        JSON.readTree(ContractExamples.json(type)).propertyNames());
    }

    @Test
    void theExampleReservationIsHeldSettledAndAnsweredInTheContractShapes() {
        TestTenant a = newTenant();
        Map<String, Object> reserve = new java.util.HashMap<>();
        example(ReserveRequest.class).forEach((k, v) -> reserve.put((String) k, v));
        reserve.remove("apiKeyId"); // the caller's own key: the example's key belongs to no tenant here

        Response created = api.post(a.serviceToken(), "/internal/v1/reservations", reserve);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertSameFields(created.json(), ReservationCreated.class);
        ReservationCreated held = JSON.readValue(created.body(), ReservationCreated.class);
        assertThat(held.maxCostUsd()).isEqualTo("0.05");

        Response settled = api.post(
                a.serviceToken(), "/internal/v1/reservations/" + held.id() + "/settle", example(SettleRequest.class));

        assertThat(settled.status()).as(settled.toString()).isEqualTo(200);
        assertSameFields(settled.json(), ReservationResponse.class);
        assertThat(JSON.readValue(settled.body(), ReservationResponse.class).actualCostUsd())
                .isEqualTo("0.0042");
    }

    @Test
    void thePriceBookAnswersPriceEntriesInAPage() {
        TestTenant a = newTenant();

        Response prices = api.get(a.serviceToken(), "/internal/v1/prices?provider=mock-llm");

        assertThat(prices.status()).as(prices.toString()).isEqualTo(200);
        JsonNode items = prices.json().path("items");
        assertThat(items.isEmpty()).isFalse();
        items.forEach(item -> assertSameFields(item, PriceEntry.class));
    }
}
