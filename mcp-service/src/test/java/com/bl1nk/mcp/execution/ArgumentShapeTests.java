package com.bl1nk.mcp.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentShapeTests {

    @Test
    void recordsTypesAndSizesButNoValues() {
        Object shape = ArgumentShape.of(
                Map.of("apiKey", "sk-secret-value", "count", 3, "flags", List.of(1, 2), "nested", Map.of("ok", true)));

        assertThat(shape.toString())
                .contains("apiKey=string(15)", "count=number", "flags=array(2)", "ok=boolean")
                .doesNotContain("sk-secret-value");
    }
}
