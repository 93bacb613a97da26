package com.bl1nk.mcp.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.testsupport.ProblemAssertions;
import com.bl1nk.testsupport.TestIdentities;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;

/** An MCP session belongs to the tenant and principal that opened it; anyone else, or an unknown id, gets a 404. */
class McpSessionIT extends McpServiceIT {

    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}";
    private static final String INITIALIZED = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}";
    private static final String LIST_TOOLS = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}";

    @Test
    void anotherTenantWhoKnowsTheSessionIdCanNeitherUseNorDeleteIt() {
        Identity alice = TestIdentities.owner(UUID.randomUUID());
        Identity mallory = TestIdentities.owner(UUID.randomUUID());
        String session = initialize(alice);

        ProblemAssertions.assertProblem(
                mcp(HttpMethod.POST, mallory, session, LIST_TOOLS), 404, "mcp_session_not_found");
        ProblemAssertions.assertProblem(mcp(HttpMethod.DELETE, mallory, session, null), 404, "mcp_session_not_found");

        // the same tenant with another principal is someone else too
        Identity aliceColleague =
                TestIdentities.identity(alice.tenantId(), Set.of(Identity.OWNER, Identity.ADMIN), Set.of());
        ProblemAssertions.assertProblem(
                mcp(HttpMethod.POST, aliceColleague, session, LIST_TOOLS), 404, "mcp_session_not_found");

        // the owner's session still works
        assertThat(mcp(HttpMethod.POST, alice, session, INITIALIZED).getStatus().is2xxSuccessful())
                .isTrue();
        EntityExchangeResult<String> tools = mcp(HttpMethod.POST, alice, session, LIST_TOOLS);
        assertThat(tools.getStatus().value()).isEqualTo(200);
        assertThat(tools.getResponseBody()).contains("search_knowledge_base");
    }

    @Test
    void anUnknownOrClosedSessionIsAProblem404NotAnException() {
        Identity alice = TestIdentities.owner(UUID.randomUUID());
        ProblemAssertions.assertProblem(
                mcp(HttpMethod.POST, alice, UUID.randomUUID().toString(), LIST_TOOLS), 404, "mcp_session_not_found");
        ProblemAssertions.assertProblem(
                mcp(HttpMethod.POST, alice, "not-a-session-<script>", LIST_TOOLS), 404, "mcp_session_not_found");

        String session = initialize(alice);
        assertThat(mcp(HttpMethod.DELETE, alice, session, null).getStatus().is2xxSuccessful())
                .isTrue();
        ProblemAssertions.assertProblem(mcp(HttpMethod.POST, alice, session, LIST_TOOLS), 404, "mcp_session_not_found");
    }

    @Test
    void aTenantCannotTakeMoreThanItsShareOfSessions() {
        Identity greedy = TestIdentities.owner(UUID.randomUUID());
        java.util.List<String> opened = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < MAX_SESSIONS_PER_TENANT; i++) {
                opened.add(initialize(greedy));
            }
            ProblemAssertions.assertProblem(mcp(HttpMethod.POST, greedy, null, INITIALIZE), 429, "quota_exceeded");
            // another tenant still gets one
            Identity other = TestIdentities.owner(UUID.randomUUID());
            mcp(HttpMethod.DELETE, other, initialize(other), null);
            // closing one frees its place
            mcp(HttpMethod.DELETE, greedy, opened.removeFirst(), null);
            opened.add(initialize(greedy));
        } finally {
            opened.forEach(session -> mcp(HttpMethod.DELETE, greedy, session, null));
        }
    }

    /** The default per-tenant session limit of mcp-service. */
    private static final int MAX_SESSIONS_PER_TENANT = 100;

    private String initialize(Identity identity) {
        EntityExchangeResult<String> result = mcp(HttpMethod.POST, identity, null, INITIALIZE);
        assertThat(result.getStatus().value()).as(result.getResponseBody()).isEqualTo(200);
        String session = result.getResponseHeaders().getFirst(McpSessionGuard.SESSION_HEADER);
        assertThat(session).isNotBlank();
        return session;
    }

    private EntityExchangeResult<String> mcp(HttpMethod method, Identity identity, String session, String body) {
        var spec = client.method(method)
                .uri("/mcp")
                .header(IdentityHeaders.IDENTITY, TestIdentities.token(identity))
                .accept(MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM);
        if (session != null) {
            spec = spec.header(McpSessionGuard.SESSION_HEADER, session);
        }
        if (body != null) {
            return spec.contentType(MediaType.APPLICATION_JSON)
                    .body(body)
                    .exchange()
                    .expectBody(String.class)
                    .returnResult();
        }
        return spec.exchange().expectBody(String.class).returnResult();
    }
}
