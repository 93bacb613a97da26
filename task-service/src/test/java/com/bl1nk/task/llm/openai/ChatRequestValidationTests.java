package com.bl1nk.task.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ChatRequestValidationTests {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private static ObjectNode body(String field, String rawNumber) {
        return (ObjectNode)
                JSON.readTree("{\"model\":\"mock-gpt\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"" + field
                        + "\":" + rawNumber + "}");
    }

    @ParameterizedTest
    @CsvSource({
        "max_tokens, 9223372036854775808",
        "max_tokens, 99999999999999999999999999",
        "max_tokens, -9223372036854775809",
        "max_tokens, 0",
        "max_completion_tokens, 9223372036854775808",
        "max_completion_tokens, 10000001",
        "n, 2147483648",
        "n, 9223372036854775808",
        "n, 0",
        "n, 17"
    })
    void refusesOutOfRangeIntegersAsBadRequestNamingTheField(String field, String value) {
        assertThatThrownBy(() -> ChatRequestValidation.validate(body(field, value)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getBody().getProperties()).isNotNull();
                    assertThat(e.getBody().getProperties().toString()).contains(field);
                });
    }

    @ParameterizedTest
    @CsvSource({"max_tokens, 1", "max_tokens, 10000000", "max_completion_tokens, 256", "n, 1", "n, 16"})
    void acceptsIntegersInRange(String field, String value) {
        assertThatCode(() -> ChatRequestValidation.validate(body(field, value))).doesNotThrowAnyException();
    }
}
