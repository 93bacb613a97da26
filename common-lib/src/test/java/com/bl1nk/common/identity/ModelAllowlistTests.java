package com.bl1nk.common.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelAllowlistTests {

    @Test
    void allowsExactNamesAndTrailingWildcardPrefixesOnly() {
        List<String> list = List.of("gpt-4o*", "mock-small", "openrouter/claude-3-haiku");

        assertThat(ModelAllowlist.allows(list, "gpt-4o")).isTrue();
        assertThat(ModelAllowlist.allows(list, "gpt-4o-mini")).isTrue();
        assertThat(ModelAllowlist.allows(list, "mock-small")).isTrue();
        assertThat(ModelAllowlist.allows(list, "mock-small-2")).isFalse();
        assertThat(ModelAllowlist.allows(list, "gpt-4")).isFalse();
        assertThat(ModelAllowlist.allows(list, "GPT-4o")).isFalse();
        assertThat(ModelAllowlist.allows(list, "claude-3-haiku")).isFalse();
        assertThat(ModelAllowlist.allows(list, "openrouter", "claude-3-haiku")).isTrue();
        assertThat(ModelAllowlist.allows(list, "bedrock", "claude-3-haiku")).isFalse();
        assertThat(ModelAllowlist.allows(list, null)).isFalse();
        assertThat(ModelAllowlist.allows(null, "anything")).isTrue();
        assertThat(ModelAllowlist.allows(List.of("*"), "anything")).isTrue();
    }

    @Test
    void namesWhatIsWrongWithAnInvalidPattern() {
        for (String bad : new String[] {"", " ", "gpt-*-mini", "**", "gpt 4o", "-gpt", "a".repeat(201), "gpt?"}) {
            assertThat(ModelAllowlist.problem(bad)).as(bad).isPresent();
        }
        for (String good : new String[] {"*", "gpt-4o", "gpt-4o*", "openrouter/gpt-4o", "llama3.1:8b", "a.b@c+d_e"}) {
            assertThat(ModelAllowlist.problem(good)).as(good).isEmpty();
        }
    }
}
