package com.bl1nk.billing;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.billing.support.Api.Response;
import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.billing.support.TestTenant;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.testsupport.TestIdentities;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Plays a compromised rag-service (it parses untrusted files): with its own valid key it can neither reserve or settle
 * budget, nor read or change a tenant's budgets, nor pass itself off as the gateway; only task-service may call the
 * internal reservation API, and the gateway may not.
 */
class CompromisedServiceIT extends BillingIT {

    private static final Map<String, Object> RESERVE =
            Map.of("provider", "mock-llm", "model", "mock-gpt", "maxCostUsd", "0.5");

    @Autowired
    JdbcClient jdbc;

    @Test
    void ragsOwnTokenIsRefusedForEveryOperationOfBilling() {
        TestTenant a = newTenant();
        Identity owner = new Identity(a.id(), "user:stolen", Set.of(Identity.OWNER), Set.of("platform:admin"), null);
        String rag = TestIdentities.serviceToken("rag", "billing", owner);
        long before = reservations(a);

        assertRefused(api.post(rag, "/internal/v1/reservations", RESERVE), 403, "caller_not_allowed");
        assertRefused(api.get(rag, "/internal/v1/prices?provider=mock-llm"), 403, "caller_not_allowed");
        assertRefused(api.get(rag, "/api/v1/budgets"), 403, "caller_not_allowed");
        assertRefused(
                api.post(rag, "/api/v1/budgets", Map.of("scope", "tenant", "period", "monthly", "limitUsd", "1")),
                403,
                "caller_not_allowed");
        assertRefused(api.get(rag, "/api/v1/usage"), 403, "caller_not_allowed");
        assertThat(reservations(a)).isEqualTo(before);
    }

    @Test
    void ragsKeyCannotSignAsTheGateway() {
        TestTenant a = newTenant();
        Identity owner = new Identity(a.id(), "user:stolen", Set.of(Identity.OWNER), Set.of("platform:admin"), null);
        String forged = TestIdentities.forgedGatewayToken("rag", "billing", owner);
        assertRefused(api.get(forged, "/api/v1/budgets"), 401, "unauthenticated");
        assertRefused(
                api.put(forged, "/api/v1/prices/policy", Map.of("unpricedModels", "allow")), 401, "unauthenticated");
    }

    @Test
    void onlyTaskServiceMayReserveAndTheGatewayMayNot() {
        TestTenant a = newTenant();
        assertThat(api.post(a.serviceToken(), "/internal/v1/reservations", RESERVE)
                        .status())
                .isEqualTo(201);
        // a caller's own token, even an owner's, does not reach the internal API (the gateway never routes it, and a
        // service that replays a caller token cannot either)
        assertRefused(api.post(a.adminToken(), "/internal/v1/reservations", RESERVE), 403, "caller_not_allowed");
        // mcp-service may call task and rag, not billing
        String mcp = TestIdentities.serviceToken(
                "mcp", "billing", Identity.service("mcp-service", a.id(), Set.of(Identity.OWNER), Set.of()));
        assertRefused(api.post(mcp, "/internal/v1/reservations", RESERVE), 403, "caller_not_allowed");
    }

    @Test
    void aTokenTaskMeantForRagIsRefusedByBilling() {
        TestTenant a = newTenant();
        String forRag = TestIdentities.serviceToken(
                "task", "rag", Identity.service("task-service", a.id(), Set.of(Identity.DEVELOPER), Set.of()));
        assertRefused(api.post(forRag, "/internal/v1/reservations", RESERVE), 401, "unauthenticated");
    }

    private long reservations(TestTenant tenant) {
        return jdbc.sql("select count(*) from billing.reservations where tenant_id = ?")
                .param(tenant.id())
                .query(Long.class)
                .single();
    }

    private static void assertRefused(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem(code)).as(response.toString()).isTrue();
    }
}
