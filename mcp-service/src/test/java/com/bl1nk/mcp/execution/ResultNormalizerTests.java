package com.bl1nk.mcp.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultNormalizerTests {

    @Test
    void keepsEveryBlockKindUnderTheCap() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .content(List.of(
                        new McpSchema.TextContent("hello"),
                        new McpSchema.ImageContent(null, "aGk=", "image/png"),
                        new McpSchema.EmbeddedResource(
                                null, new McpSchema.TextResourceContents("file:///a.txt", "text/plain", "body"))))
                .build();

        ResultNormalizer.Normalized n = ResultNormalizer.normalize(result, 1024, null);

        assertThat(n.truncated()).isFalse();
        assertThat(n.content()).extracting(m -> m.get("type")).containsExactly("text", "image", "resource");
        assertThat(n.content().get(1)).containsEntry("mimeType", "image/png").containsEntry("data", "aGk=");
        @SuppressWarnings("unchecked")
        Map<String, Object> resource = (Map<String, Object>) n.content().get(2).get("resource");
        assertThat(resource).containsEntry("uri", "file:///a.txt").containsEntry("text", "body");
    }

    @Test
    void cutsTextAtTheCapAndDropsWhatFollowsWithANotice() {
        McpSchema.CallToolResult result = McpSchema.CallToolResult.builder()
                .content(List.of(
                        new McpSchema.TextContent("a".repeat(100)),
                        new McpSchema.ImageContent(null, "x".repeat(50), "image/png")))
                .build();

        ResultNormalizer.Normalized n = ResultNormalizer.normalize(result, 60, null);

        assertThat(n.truncated()).isTrue();
        assertThat(n.totalBytes()).isEqualTo(100 + 50 + "image/png".length());
        assertThat((String) n.content().get(0).get("text")).hasSize(60);
        assertThat(n.content()).hasSize(2);
        assertThat((String) n.content().get(1).get("text")).contains("output truncated");
    }

    @Test
    void neverSplitsAMultiByteCharacter() {
        assertThat(ResultNormalizer.cut("ab€", 4)).isEqualTo("ab");
        assertThat(ResultNormalizer.cut("ab€", 5)).isEqualTo("ab€");
    }
}
