package com.bl1nk.billing.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.common.identity.PermissionCoverage;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.testsupport.AuditCoverage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every state-changing route of billing-service's public API records exactly one audit event in the transaction of
 * its change (the alert webhook's host, never its URL path or signing secret), a refused change records none, and
 * docs/audit.md lists what is audited.
 */
class AuditCoverageIT extends BillingIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    @Autowired
    JdbcTemplate jdbcTemplate;

    private AuditCoverage audit;

    @BeforeEach
    void coverage() {
        audit = new AuditCoverage(
                "billing",
                PermissionCoverage.routes(mapping),
                jdbcTemplate,
                "billing",
                redis,
                streamKeys.key(AuditRecorded.STREAM));
    }

    @Test
    void everyStateChangingRouteRecordsOneEventWithoutSecrets() {
        TestTenant a = newTenant();

        Response created = api.post(
                a.adminToken(),
                "/api/v1/budgets",
                Map.of("scope", "tenant", "period", "monthly", "limitUsd", "12.50", "thresholds", List.of(50, 90)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String budget = created.json().path("id").asString();
        AuditRecorded event = audit.expectOne(a.id(), "POST /api/v1/budgets", "budget.created", "budget", budget);
        assertThat(event.details()).containsEntry("limitUsd", "12.5").containsEntry("period", "monthly");

        Response updated = api.put(a.adminToken(), "/api/v1/budgets/" + budget, Map.of("limitUsd", 20));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        audit.expectOne(a.id(), "PUT /api/v1/budgets/{id}", "budget.updated", "budget", budget);

        Response deleted = api.delete(a.adminToken(), "/api/v1/budgets/" + budget);
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        audit.expectOne(a.id(), "DELETE /api/v1/budgets/{id}", "budget.deleted", "budget", budget);

        Response hook = api.put(
                a.adminToken(),
                "/api/v1/budgets/alert-webhook",
                Map.of("url", "http://127.0.0.1:9/hooks/T0KEN-IN-PATH?token=QUERY-SECRET"));
        assertThat(hook.status()).as(hook.toString()).isEqualTo(200);
        String secret = hook.json().path("secret").asString();
        AuditRecorded webhook = audit.expectOne(
                a.id(),
                "PUT /api/v1/budgets/alert-webhook",
                "alert_webhook.set",
                "alert_webhook",
                a.id().toString(),
                secret,
                secret.substring(6),
                "T0KEN-IN-PATH",
                "QUERY-SECRET");
        assertThat(webhook.details()).containsEntry("host", "127.0.0.1");

        Response cleared = api.delete(a.adminToken(), "/api/v1/budgets/alert-webhook");
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(204);
        audit.expectOne(
                a.id(),
                "DELETE /api/v1/budgets/alert-webhook",
                "alert_webhook.deleted",
                "alert_webhook",
                a.id().toString());

        Response price = api.post(a.adminToken(), "/api/v1/prices", price("own-" + shortId(), "house-model"));
        assertThat(price.status()).as(price.toString()).isEqualTo(201);
        AuditRecorded priced = audit.expectOne(
                a.id(),
                "POST /api/v1/prices",
                "price.created",
                "price",
                price.json().path("id").asString());
        assertThat(priced.details()).containsEntry("scope", "tenant").containsEntry("model", "house-model");

        // a platform default belongs to no tenant: it is in the chain of the operator's tenant
        TestTenant operator = newTenant();
        Map<String, Object> platformPrice = price("plat-" + shortId(), "big-model");
        platformPrice.put("scope", "platform");
        Response platform = api.post(operator.platformAdminToken(), "/api/v1/prices", platformPrice);
        assertThat(platform.status()).as(platform.toString()).isEqualTo(201);
        AuditRecorded platformEvent = audit.expectOne(
                operator.id(),
                "POST /api/v1/prices",
                "price.created",
                "price",
                platform.json().path("id").asString());
        assertThat(platformEvent.details()).containsEntry("scope", "platform");

        // the unpriced policy of tenant a, set by the operator, is in tenant a's chain
        Response policy = api.put(
                operator.platformAdminToken(),
                "/api/v1/prices/policy",
                Map.of("allowUnpricedModels", true, "tenantId", a.id().toString()));
        assertThat(policy.status()).as(policy.toString()).isEqualTo(200);
        AuditRecorded policyEvent = audit.expectOne(
                a.id(), "PUT /api/v1/prices/policy", "price_policy.updated", "price_policy", a.id().toString());
        assertThat(policyEvent.actor()).isEqualTo("key:platform-" + operator.id());

        audit.assertDocumented();
    }

    @Test
    void aRefusedChangeRecordsNoEvent() {
        TestTenant a = newTenant();
        Response created = api.post(
                a.adminToken(), "/api/v1/budgets", Map.of("scope", "tenant", "period", "daily", "limitUsd", "5"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String budget = created.json().path("id").asString();
        audit.expectOne(a.id(), "POST /api/v1/budgets", "budget.created", "budget", budget);

        assertThat(api.post(
                                a.adminToken(),
                                "/api/v1/budgets",
                                Map.of("scope", "tenant", "period", "daily", "limitUsd", "7"))
                        .status())
                .isEqualTo(409);
        assertThat(api.put(a.adminToken(), "/api/v1/budgets/" + budget, Map.of("period", "monthly"))
                        .status())
                .isIn(400, 409, 422);
        assertThat(api.put(a.adminToken(), "/api/v1/budgets/" + budget, Map.of("limitUsd", "-1"))
                        .status())
                .isEqualTo(400);
        assertThat(api.delete(a.adminToken(), "/api/v1/budgets/" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);
        assertThat(api.put(a.adminToken(), "/api/v1/budgets/alert-webhook", Map.of("url", "ftp://example.com/h"))
                        .status())
                .isEqualTo(400);
        assertThat(api.delete(a.adminToken(), "/api/v1/budgets/alert-webhook").status())
                .as("clearing a webhook that is not set changes nothing")
                .isEqualTo(204);
        assertThat(api.post(a.adminToken(), "/api/v1/prices", price("openrouter", "openai/gpt-4o-mini"))
                        .status())
                .isIn(403, 409);
        assertThat(api.put(a.platformAdminToken(), "/api/v1/prices/policy", Map.of())
                        .status())
                .isEqualTo(400);

        audit.expectNone(a.id(), "refused changes (400, 404, 409) leave no audit event");
    }

    private static Map<String, Object> price(String provider, String model) {
        Map<String, Object> body = new HashMap<>();
        body.put("provider", provider);
        body.put("model", model);
        body.put("inputPerMTokUsd", "1.5");
        body.put("outputPerMTokUsd", "2");
        return body;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
