package com.bl1nk.mcp.execution;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.error.ApiException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ArgumentValidatorTests {

    private final ArgumentValidator validator =
            new ArgumentValidator(JsonMapper.builder().build());

    private static final Map<String, Object> SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of("a", Map.of("type", "number")),
            "required", List.of("a"));

    @Test
    void acceptsMatchingArguments() {
        assertThatCode(() -> validator.validate("h1", SCHEMA, Map.of("a", 1))).doesNotThrowAnyException();
    }

    @Test
    void reportsMismatchesAs400WithFieldErrors() {
        assertThatThrownBy(() -> validator.validate("h1", SCHEMA, Map.of("a", "x")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo("invalid_arguments");
                    org.assertj.core.api.Assertions.assertThat(e.getBody().getProperties())
                            .containsKey("errors");
                });
    }

    @Test
    void refusesSchemasThatReferToRemoteDocuments() {
        Map<String, Object> remote =
                Map.of("type", "object", "properties", Map.of("a", Map.of("$ref", "http://169.254.169.254/x")));
        assertThatThrownBy(() -> validator.validate("h2", remote, Map.of("a", 1)))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code())
                                .isEqualTo("tool_schema_invalid"));
        Map<String, Object> dialect = Map.of("$schema", "http://evil.example/schema", "type", "object");
        assertThatThrownBy(() -> validator.validate("h3", dialect, Map.of())).isInstanceOf(ApiException.class);
    }
}
