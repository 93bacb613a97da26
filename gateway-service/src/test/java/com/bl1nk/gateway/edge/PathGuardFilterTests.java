package com.bl1nk.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathGuardFilterTests {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1/budgets/../../internal/v1/prices",
                "/api/v1/budgets/..",
                "/api/v1/budgets/./x",
                "/api/v1/budgets/x/.",
                "/./api",
                "/api/v1/budgets/..;/x",
                "/api/v1/budgets/x;a=b",
                "/api/v1/budgets/%2e%2e/x",
                "/api/v1/budgets/%2E./x",
                "/api/v1/budgets/file%2ev1",
                "/api/v1/budgets/a%2fb",
                "/api/v1/budgets/a%2Fb",
                "/api/v1/budgets/a%5cb",
                "/api/v1/budgets/a%5Cb",
                // encoded plain characters: the same path as the plain one, which raw-path policies would miss
                "/%6Dcp",
                "/%69nternal/v1/reservations",
                "/api/v1/budgets/%41",
                "/api/v1/budgets/a%7eb"
            })
    void refuses(String rawPath) {
        assertThat(PathGuardFilter.isUnsafe(rawPath)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "",
                "/api/v1/budgets",
                "/api/v1/budgets/",
                "/api/v1/budgets/file.v1",
                "/api/v1/budgets/..a/b..",
                "/api/v1/budgets/.well-known",
                "/api/v1/budgets/a...b",
                "/api/v1/budgets/a%20b",
                "/api/v1/budgets/%2",
                "/v1/chat/completions"
            })
    void allows(String rawPath) {
        assertThat(PathGuardFilter.isUnsafe(rawPath)).isFalse();
    }
}
