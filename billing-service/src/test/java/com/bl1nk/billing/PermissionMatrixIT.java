package com.bl1nk.billing;

import com.bl1nk.billing.support.BillingIT;
import com.bl1nk.common.identity.PermissionCoverage;
import com.bl1nk.testsupport.PermissionMatrix;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of billing-service, as its OpenAPI document lists it, answers every kind of caller as its declared
 * permission says, and docs/permissions/billing.md is that matrix.
 */
class PermissionMatrixIT extends BillingIT {

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    @Test
    void everyRouteAnswersEveryCallerAsItsPermissionSays() {
        PermissionMatrix matrix = new PermissionMatrix("billing", port, PermissionCoverage.routes(mapping));
        matrix.assertOpenApiMatchesRoutes();
        matrix.assertDocumented(matrix.assertEnforced());
    }
}
