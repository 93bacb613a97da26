package com.bl1nk.mcp;

import com.bl1nk.common.identity.PermissionCoverage;
import com.bl1nk.mcp.support.McpServiceIT;
import com.bl1nk.testsupport.PermissionMatrix;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of mcp-service, as its OpenAPI document lists it, answers every kind of caller as its declared
 * permission says, and docs/permissions/mcp.md is that matrix.
 */
class PermissionMatrixIT extends McpServiceIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    @Test
    void everyRouteAnswersEveryCallerAsItsPermissionSays() {
        PermissionMatrix matrix = new PermissionMatrix("mcp", port, PermissionCoverage.routes(mapping));
        matrix.assertOpenApiMatchesRoutes();
        matrix.assertDocumented(matrix.assertEnforced());
    }
}
