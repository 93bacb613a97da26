package com.bl1nk.task.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class StoredTextTests {

    private static final char R = StoredText.REPLACEMENT;

    private final ObjectMapper json = JsonMapper.builder().build();

    @Test
    void textReplacesEveryNulAndKeepsEverythingElse() {
        assertThat(StoredText.text("a\0b\0\0c")).isEqualTo("a" + R + "b" + R + R + "c");
        assertThat(StoredText.text("\0")).isEqualTo(String.valueOf(R));
        assertThat(StoredText.text("ünïcødé 🙂 \\u0000")).isEqualTo("ünïcødé 🙂 \\u0000");
        assertThat(StoredText.text(null)).isNull();
        String clean = "nothing to do";
        assertThat(StoredText.text(clean)).isSameAs(clean);
    }

    @Test
    void jsonReplacesTheEscapedNulJacksonWritesAndTheValueReadsBackReplaced() {
        String written = json.writeValueAsString(Map.of("content", "bad\0reply", "list", List.of("\0")));
        assertThat(written).contains("\\u0000");

        String stored = StoredText.json(written);

        assertThat(stored).doesNotContain("\\u0000").doesNotContain("\0");
        var tree = json.readTree(stored);
        assertThat(tree.path("content").asString()).isEqualTo("bad" + R + "reply");
        assertThat(tree.path("list").get(0).asString()).isEqualTo(String.valueOf(R));
    }

    @Test
    void jsonKeepsAnEscapedBackslashFollowedByU0000AndOtherEscapes() {
        // the text backslash-u0000 (six characters, no NUL) is written by Jackson with an escaped backslash
        String written = json.writeValueAsString(Map.of("path", "C:\\u0000\\x", "q", "say \"hi\"\n\t"));
        assertThat(written).contains("\\\\u0000");

        String stored = StoredText.json(written);

        assertThat(stored).isEqualTo(written);
        var tree = json.readTree(stored);
        assertThat(tree.path("path").asString()).isEqualTo("C:\\u0000\\x");
        assertThat(tree.path("q").asString()).isEqualTo("say \"hi\"\n\t");
    }

    @Test
    void jsonHandlesAnEscapedBackslashBeforeAnEscapedNulAndRawNuls() {
        // backslash then NUL in the value: Jackson writes an escaped backslash, then the escaped NUL
        String written = json.writeValueAsString(Map.of("v", "\\\0"));
        assertThat(StoredText.json(written)).isEqualTo("{\"v\":\"\\\\" + R + "\"}");
        assertThat(json.readTree(StoredText.json(written)).path("v").asString()).isEqualTo("\\" + R);
        assertThat(StoredText.json("{\"v\":\"raw\0nul\"}")).isEqualTo("{\"v\":\"raw" + R + "nul\"}");
        assertThat(StoredText.json(null)).isNull();
    }
}
