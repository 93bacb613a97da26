package com.bl1nk.task.llm.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHolder;
import com.bl1nk.contracts.billing.PriceEntry;
import com.bl1nk.task.client.billing.BillingClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

class PriceBookTests {

    private static final UUID TENANT_A = UUID.randomUUID();
    private static final UUID TENANT_B = UUID.randomUUID();

    /** Billing answers with the calling tenant's prices: tenant A negotiated a cheaper rate. */
    private final BillingClient billing = new BillingClient(RestClient.create("http://127.0.0.1:1")) {
        @Override
        public List<PriceEntry> prices(String provider, String model) {
            boolean a = IdentityHolder.find()
                    .map(i -> i.tenantId().equals(TENANT_A))
                    .orElse(false);
            String input = a ? "0.0123" : "0.50";
            return List.of(new PriceEntry(
                    UUID.randomUUID(), provider, "m", input, "1.50", null, 8192, true, "USD", null, "tenant"));
        }
    };

    @Test
    void oneTenantsNegotiatedPricesNeverReachAnotherTenant() {
        PriceBook book = new PriceBook(billing, Duration.ofMinutes(5), true);

        try (var ignored = IdentityHolder.bind(identity(TENANT_A), "token-a")) {
            assertThat(book.price("p", "m").inputPerMTokUsd()).isEqualByComparingTo("0.0123");
        }
        try (var ignored = IdentityHolder.bind(identity(TENANT_B), "token-b")) {
            assertThat(book.price("p", "m").inputPerMTokUsd()).isEqualByComparingTo("0.50");
        }
    }

    @Test
    void aPriceAddedAfterAMissIsFoundWithoutWaitingForTheBookToExpire() {
        List<List<PriceEntry>> answers = new CopyOnWriteArrayList<>();
        answers.add(List.of());
        answers.add(List.of(new PriceEntry(
                UUID.randomUUID(), "p", "new-model", "0.25", "1.00", null, 8192, true, "USD", null, "tenant")));
        AtomicInteger asked = new AtomicInteger();
        BillingClient changing = new BillingClient(RestClient.create("http://127.0.0.1:1")) {
            @Override
            public List<PriceEntry> prices(String provider, String model) {
                return answers.get(Math.min(asked.getAndIncrement(), answers.size() - 1));
            }
        };
        PriceBook book = new PriceBook(changing, Duration.ofMinutes(5), true, Duration.ZERO);

        try (var ignored = IdentityHolder.bind(identity(TENANT_A), "token-a")) {
            assertThat(book.price("p", "new-model")).isNull();
            assertThat(book.price("p", "new-model").inputPerMTokUsd()).isEqualByComparingTo("0.25");
        }
        assertThat(asked).hasValue(2);
    }

    @Test
    void theNextCallOfAModelPricedAMomentAgoFindsItsPrice() {
        List<List<PriceEntry>> answers = new CopyOnWriteArrayList<>();
        answers.add(List.of());
        answers.add(List.of(new PriceEntry(
                UUID.randomUUID(), "p", "new-model", "0.25", "1.00", null, 8192, true, "USD", null, "tenant")));
        AtomicInteger asked = new AtomicInteger();
        BillingClient changing = new BillingClient(RestClient.create("http://127.0.0.1:1")) {
            @Override
            public List<PriceEntry> prices(String provider, String model) {
                return answers.get(Math.min(asked.getAndIncrement(), answers.size() - 1));
            }
        };
        // the production settings: a long book TTL and the catalog's miss throttle
        PriceBook book = new PriceBook(changing, Duration.ofMinutes(1), true);

        try (var ignored = IdentityHolder.bind(identity(TENANT_A), "token-a")) {
            assertThat(book.priceForCall("p", "new-model"))
                    .as("first call: no price yet")
                    .isNull();
            assertThat(book.price("p", "new-model"))
                    .as("the catalog listing keeps its throttle")
                    .isNull();
            // the price is added now; the next call asks again at once
            assertThat(book.priceForCall("p", "new-model").inputPerMTokUsd()).isEqualByComparingTo("0.25");
            assertThat(book.priceForCall("p", "new-model").inputPerMTokUsd()).isEqualByComparingTo("0.25");
        }
        assertThat(asked).as("a hit is served from the cache").hasValue(2);
    }

    @Test
    void aPricedModelIsServedFromTheCacheUntilTheBookExpires() {
        AtomicInteger asked = new AtomicInteger();
        BillingClient counting = new BillingClient(RestClient.create("http://127.0.0.1:1")) {
            @Override
            public List<PriceEntry> prices(String provider, String model) {
                asked.incrementAndGet();
                return billing.prices(provider, model);
            }
        };
        PriceBook book = new PriceBook(counting, Duration.ofMinutes(5), true, Duration.ZERO);

        try (var ignored = IdentityHolder.bind(identity(TENANT_B), "token-b")) {
            book.price("p", "m");
            assertThat(book.price("p", "m").inputPerMTokUsd()).isEqualByComparingTo("0.50");
        }
        assertThat(asked).hasValue(1);
    }

    private static Identity identity(UUID tenant) {
        return new Identity(tenant, "key:test", Set.of(Identity.OWNER), Set.of(), null);
    }
}
