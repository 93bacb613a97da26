package com.bl1nk.billing.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.billing.support.UsageEvents;
import com.bl1nk.common.stream.StreamPublisher;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Prices of providers the platform pays for, and the unpriced-model policy, are the platform operator's: a tenant can
 * price only its own providers, so it cannot make platform-paid calls free.
 */
class PlatformPricingIT extends BillingIT {

    @Autowired
    StreamPublisher publisher;

    @Test
    void aTenantCannotPriceAPlatformProviderAndKeepsPayingThePlatformPrice() {
        TestTenant a = newTenant();
        Response free = api.post(a.adminToken(), "/api/v1/prices", price("openrouter", "openai/gpt-4o-mini", "0"));
        assertThat(free.status()).as(free.toString()).isEqualTo(403);
        assertThat(free.isProblem("platform_price")).as(free.toString()).isTrue();
        assertThat(free.json().path("detail").asString()).contains("openrouter", "platform:admin");
        // a model the platform has no price for yet, and a configured platform provider without any platform price
        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/prices",
                                price("openrouter", "new/model-" + UUID.randomUUID(), "0"))
                        .isProblem("platform_price"))
                .isTrue();
        assertThat(api.post(a.adminToken(), "/api/v1/prices", price("cloudflare", "openai/gpt-4o-mini", "0"))
                        .isProblem("platform_price"))
                .isTrue();
        assertThat(tenantRows(a.id())).isZero();

        JsonNode effective = api.get(
                        a.serviceToken(), "/internal/v1/prices?provider=openrouter&model=openai/gpt-4o-mini")
                .json()
                .path("items")
                .get(0);
        assertThat(effective.path("inputPerMTokUsd").asString()).isEqualTo("0.15");
        assertThat(effective.path("source").asString()).isEqualTo("default");

        // a platform-paid call is charged at the platform price
        UsageEvents.publish(
                publisher,
                UsageEvents.event(a.id(), "openrouter", "openai/gpt-4o-mini", 1_000_000, 0, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> ledgerRows(a.id()) == 1);
        assertThat(ledgerCost(a.id())).isEqualByComparingTo("0.15");
    }

    @Test
    void aTenantPricesItsOwnProvider() {
        TestTenant a = newTenant();
        String own = "acme-" + shortId();
        Response created = api.post(a.adminToken(), "/api/v1/prices", price(own, "house-model", "0"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("source").asString()).isEqualTo("tenant");

        Response reserved = api.post(
                a.serviceToken(),
                "/internal/v1/reservations",
                Map.of("provider", own, "model", "house-model", "maxCostUsd", "0.1"));
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        assertThat(reserved.json().path("unpriced").asBoolean()).isFalse();
    }

    @Test
    void thePlatformOperatorSetsPlatformDefaultsAndOneTenantsNegotiatedPrice() {
        TestTenant operator = newTenant();
        TestTenant a = newTenant();
        TestTenant b = newTenant();
        String platform = "plat-" + shortId();
        Map<String, Object> platformPrice = price(platform, "big-model", "2");
        platformPrice.put("scope", "platform");
        Response created = api.post(operator.platformAdminToken(), "/api/v1/prices", platformPrice);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("source").asString()).isEqualTo("default");
        assertThat(internalPrice(b, platform, "big-model")
                        .path("inputPerMTokUsd")
                        .asString())
                .isEqualTo("2");
        // having a platform price makes it a platform provider: tenants can no longer price it
        assertThat(api.post(b.adminToken(), "/api/v1/prices", price(platform, "big-model", "0"))
                        .isProblem("platform_price"))
                .isTrue();

        String model = "negotiated-" + shortId();
        Map<String, Object> negotiated = price("openrouter", model, "0.5");
        negotiated.put("tenantId", a.id().toString());
        Response forA = api.post(operator.platformAdminToken(), "/api/v1/prices", negotiated);
        assertThat(forA.status()).as(forA.toString()).isEqualTo(201);
        assertThat(forA.json().path("source").asString()).isEqualTo("tenant");
        assertThat(internalPrice(a, "openrouter", model).path("inputPerMTokUsd").asString())
                .isEqualTo("0.5");
        assertThat(api.get(b.serviceToken(), "/internal/v1/prices?provider=openrouter&model=" + model)
                        .json()
                        .path("items"))
                .isEmpty();
        assertThat(tenantRows(operator.id())).isZero();
    }

    @Test
    void onlyThePlatformOperatorSetsTheUnpricedPolicy() {
        TestTenant operator = newTenant();
        TestTenant a = newTenant();
        Map<String, Object> unpriced = Map.of("provider", "openrouter", "model", "no-such-model", "maxCostUsd", "0.1");

        Response refused = api.put(a.adminToken(), "/api/v1/prices/policy", Map.of("allowUnpricedModels", true));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.isProblem("missing_scope")).as(refused.toString()).isTrue();
        Response policy = api.get(a.viewerToken(), "/api/v1/prices/policy");
        assertThat(policy.status()).isEqualTo(200);
        assertThat(policy.json().path("allowUnpricedModels").asBoolean()).isFalse();
        assertThat(api.post(a.serviceToken(), "/internal/v1/reservations", unpriced)
                        .isProblem("model_not_priced"))
                .isTrue();

        Response allowed = api.put(
                operator.platformAdminToken(),
                "/api/v1/prices/policy",
                Map.of("allowUnpricedModels", true, "tenantId", a.id().toString()));
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(allowed.json().path("allowUnpricedModels").asBoolean()).isTrue();
        assertThat(api.get(a.viewerToken(), "/api/v1/prices/policy")
                        .json()
                        .path("allowUnpricedModels")
                        .asBoolean())
                .isTrue();
        assertThat(api.get(operator.platformAdminToken(), "/api/v1/prices/policy")
                        .json()
                        .path("allowUnpricedModels")
                        .asBoolean())
                .isFalse();
        Response reserved = api.post(a.serviceToken(), "/internal/v1/reservations", unpriced);
        assertThat(reserved.status()).as(reserved.toString()).isEqualTo(201);
        assertThat(reserved.json().path("unpriced").asBoolean()).isTrue();
    }

    @Test
    void refusesBadPricingScopeInputAndWritesNothing() {
        TestTenant operator = newTenant();
        TestTenant a = newTenant();
        TestTenant b = newTenant();
        String provider = "plat-" + shortId();
        String admin = operator.platformAdminToken();

        Map<String, Object> badScope = price(provider, "m", "1");
        badScope.put("scope", "global");
        assertField(api.post(admin, "/api/v1/prices", badScope), "scope");
        Map<String, Object> badTenant = price(provider, "m", "1");
        badTenant.put("tenantId", "not-a-uuid");
        assertField(api.post(admin, "/api/v1/prices", badTenant), "tenantId");
        Map<String, Object> both = price(provider, "m", "1");
        both.put("scope", "platform");
        both.put("tenantId", a.id().toString());
        assertField(api.post(admin, "/api/v1/prices", both), "tenantId");

        Map<String, Object> tenantAsPlatform = price(provider, "m", "1");
        tenantAsPlatform.put("scope", "platform");
        assertThat(api.post(a.adminToken(), "/api/v1/prices", tenantAsPlatform).isProblem("platform_price"))
                .isTrue();
        Map<String, Object> forOtherTenant = price("acme-" + shortId(), "m", "1");
        forOtherTenant.put("tenantId", b.id().toString());
        assertThat(api.post(a.adminToken(), "/api/v1/prices", forOtherTenant).isProblem("platform_price"))
                .isTrue();

        assertField(
                api.put(admin, "/api/v1/prices/policy", Map.of("allowUnpricedModels", true, "tenantId", "nope")),
                "tenantId");
        assertField(
                api.put(admin, "/api/v1/prices/policy", Map.of("tenantId", a.id().toString())), "allowUnpricedModels");

        assertThat(jdbc.sql("select count(*) from billing.prices where provider = :p")
                        .param("p", provider)
                        .query(Long.class)
                        .single())
                .isZero();
        for (TestTenant t : new TestTenant[] {operator, a, b}) {
            assertThat(tenantRows(t.id())).isZero();
            assertThat(jdbc.sql("select count(*) from billing.tenant_settings where tenant_id = :t")
                            .param("t", t.id())
                            .query(Long.class)
                            .single())
                    .isZero();
        }
    }

    private static Map<String, Object> price(String provider, String model, String perMTok) {
        Map<String, Object> body = new HashMap<>();
        body.put("provider", provider);
        body.put("model", model);
        body.put("inputPerMTokUsd", perMTok);
        body.put("outputPerMTokUsd", perMTok);
        return body;
    }

    private JsonNode internalPrice(TestTenant tenant, String provider, String model) {
        JsonNode items = api.get(tenant.serviceToken(), "/internal/v1/prices?provider=" + provider + "&model=" + model)
                .json()
                .path("items");
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static void assertField(Response response, String field) {
        assertThat(response.isProblem("validation_failed"))
                .as(response.toString())
                .isTrue();
        assertThat(response.json().path("errors").get(0).path("field").asString())
                .as(response.toString())
                .isEqualTo(field);
    }

    private long tenantRows(UUID tenant) {
        return jdbc.sql("select count(*) from billing.prices where tenant_id = :t")
                .param("t", tenant)
                .query(Long.class)
                .single();
    }

    private long ledgerRows(UUID tenant) {
        return jdbc.sql("select count(*) from billing.usage_records where tenant_id = :t")
                .param("t", tenant)
                .query(Long.class)
                .single();
    }

    private BigDecimal ledgerCost(UUID tenant) {
        return jdbc.sql("select coalesce(sum(cost_usd), 0) from billing.usage_records where tenant_id = :t")
                .param("t", tenant)
                .query(BigDecimal.class)
                .single();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
