package com.bl1nk.task;

import com.bl1nk.common.identity.PermissionCoverage;
import com.bl1nk.task.tasks.TaskItBase;
import com.bl1nk.testsupport.PermissionMatrix;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every route of task-service, as its OpenAPI document lists it, answers every kind of caller as its declared
 * permission says, and docs/permissions/task.md is that matrix.
 *
 * <p>In providers mode, unlike the other task ITs: mock mode offers its models to every tenant, so a model id would
 * look like another tenant's object to the matrix.
 */
@TestPropertySource(properties = "bl1nk.task.llm.mode=providers")
class PermissionMatrixIT extends TaskItBase {

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;

    @Test
    void everyRouteAnswersEveryCallerAsItsPermissionSays() {
        PermissionMatrix matrix = new PermissionMatrix("task", port, PermissionCoverage.routes(mapping));
        matrix.assertOpenApiMatchesRoutes();
        matrix.assertDocumented(matrix.assertEnforced());
    }
}
