package com.bl1nk.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class CommonErrorCodeTests {

    private static final Set<String> CATALOGUED = Arrays.stream(CommonErrorCode.values())
            .map(c -> c.code() + " " + c.status().value())
            .collect(Collectors.toSet());

    @Test
    void everyGenericStatusCodeIsCataloguedWithItsStatus() {
        for (int status :
                List.of(400, 401, 403, 404, 405, 406, 409, 410, 412, 413, 415, 422, 429, 500, 501, 502, 503, 504)) {
            String code = Problems.codeFor(HttpStatus.valueOf(status));
            assertThat(CATALOGUED).as("generic code of %s", status).contains(code + " " + status);
        }
    }

    @Test
    void theFactoriesAnswerWithTheirCataloguedCodeAndStatus() {
        List<ApiException> built = List.of(
                ApiException.notFound("thing", 1),
                ApiException.invalidField("f", "bad"),
                ApiException.unauthorized("who"),
                ApiException.forbidden("no"),
                ApiException.payloadTooLarge("big"),
                ApiException.unsupportedMediaType("type"),
                ApiException.of(CommonErrorCode.GATEWAY_TIMEOUT, "slow"));

        for (ApiException e : built) {
            assertThat(CATALOGUED).contains(e.code() + " " + e.getStatusCode().value());
        }
        assertThat(ApiException.of(CommonErrorCode.GATEWAY_TIMEOUT, "slow")
                        .getStatusCode()
                        .value())
                .isEqualTo(504);
    }

    @Test
    void theTableListsEachCodeWithStatusAndMeaning() {
        String table = ErrorCode.table("T", "intro", List.of(CommonErrorCode.NOT_FOUND));

        assertThat(table)
                .contains("| Code | Status | Meaning |")
                .contains("| `not_found` | 404 Not Found | " + CommonErrorCode.NOT_FOUND.meaning() + " |");
    }
}
