package com.bl1nk.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.mcp.support.McpServiceIT;
import org.junit.jupiter.api.Test;

/** Health, metrics and API docs are open (no identity token); everything else is not. */
class OperationsEndpointsIT extends McpServiceIT {

    private String open(String path) {
        var result = client.get().uri(path).exchange().expectBody(String.class).returnResult();
        assertThat(result.getStatus().value())
                .as(path + " " + result.getResponseBody())
                .isEqualTo(200);
        return result.getResponseBody();
    }

    @Test
    void healthProbesMetricsAndApiDocsAreServed() {
        assertThat(open("/actuator/health")).contains("UP");
        assertThat(open("/actuator/health/readiness")).contains("UP");
        assertThat(open("/actuator/health/liveness")).contains("UP");
        assertThat(open("/actuator/prometheus")).contains("jvm_");
        assertThat(open("/v3/api-docs"))
                .contains("/api/v1/mcp/servers")
                .contains("/api/v1/mcp/tools/{toolId}/call")
                .contains("/api/v1/mcp/tools/{id}/approve");
    }
}
