package com.bl1nk.task.client.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.contracts.billing.PriceEntry;
import com.bl1nk.contracts.billing.ReservationCreated;
import com.bl1nk.contracts.billing.ReserveRequest;
import com.bl1nk.contracts.billing.SettleRequest;
import com.bl1nk.contracts.examples.ContractExamples;
import com.bl1nk.task.tasks.FakeDownstream;
import com.bl1nk.testsupport.TestDownstreams;
import com.bl1nk.testsupport.TestIdentities;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** task-service's side of billing's internal API, against a real HTTP server answering the committed examples. */
class BillingClientTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final UUID TENANT = UUID.randomUUID();

    private final FakeDownstream billing = FakeDownstream.start();
    private final BillingClient client =
            new BillingClient(TestDownstreams.restClient("task", "billing", billing.baseUrl()));

    @AfterEach
    void stop() {
        billing.close();
    }

    @Test
    void reservesWithTheExampleRequestAndReadsTheExampleAnswerActingForTheBoundIdentity() {
        billing.on(
                "POST",
                "/internal/v1/reservations",
                call -> new FakeDownstream.Reply(201, ContractExamples.json(ReservationCreated.class)));
        ReserveRequest request = JSON.readValue(ContractExamples.json(ReserveRequest.class), ReserveRequest.class);

        ReservationCreated created;
        try (var ignored = IdentityHolder.bind(TestIdentities.owner(TENANT))) {
            created = client.reserve(request);
        }

        assertThat(created)
                .isEqualTo(JSON.readValue(ContractExamples.json(ReservationCreated.class), ReservationCreated.class));
        FakeDownstream.Call call = billing.calls().getFirst();
        assertThat(JSON.readValue(call.body(), ReserveRequest.class)).isEqualTo(request);
        assertThat(TestIdentities.codec("billing")
                        .verify(call.header(IdentityHeaders.IDENTITY))
                        .identity()
                        .tenantId())
                .isEqualTo(TENANT);
    }

    @Test
    void aRefusedBudgetAndAnUnreachableBillingStayDistinct() {
        billing.on(
                "POST",
                "/internal/v1/reservations",
                call -> new FakeDownstream.Reply(
                        402, "{\"detail\":\"The monthly budget is used up\",\"code\":\"budget_exceeded\"}"));
        ReserveRequest request = JSON.readValue(ContractExamples.json(ReserveRequest.class), ReserveRequest.class);
        assertThatThrownBy(() -> client.reserve(request))
                .isInstanceOf(BillingClient.BudgetRefusedException.class)
                .hasMessage("The monthly budget is used up");

        billing.close();
        assertThatThrownBy(() -> client.reserve(request)).isInstanceOf(BillingClient.BillingUnavailableException.class);
    }

    @Test
    void settlesWithASettleRequestAndReadsThePricePage() {
        billing.on("POST", "/internal/v1/reservations/", call -> new FakeDownstream.Reply(200, "{}"));
        billing.on(
                "GET",
                "/internal/v1/prices",
                call -> new FakeDownstream.Reply(
                        200, "{\"items\":[" + ContractExamples.json(PriceEntry.class) + "],\"nextCursor\":null}"));
        UUID reservation = UUID.randomUUID();

        client.settle(reservation, new BigDecimal("0.0042"));

        FakeDownstream.Call settle = billing.calls().getFirst();
        assertThat(settle.path()).isEqualTo("/internal/v1/reservations/" + reservation + "/settle");
        assertThat(JSON.readValue(settle.body(), SettleRequest.class))
                .isEqualTo(new SettleRequest(new BigDecimal("0.0042"), null));
        assertThat(client.prices("mock-llm", null))
                .containsExactly(JSON.readValue(ContractExamples.json(PriceEntry.class), PriceEntry.class));
        assertThat(billing.calls().getLast().path()).isEqualTo("/internal/v1/prices");
    }
}
