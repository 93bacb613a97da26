package com.bl1nk.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MockLlmMainTests {

    @Test
    void defaultsToLoopback8090WithTheDemoRules() {
        MockLlmConfig config = MockLlmMain.configFrom(Map.of(), name -> null);

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8090);
        assertThat(config.rules()).hasSameSizeAs(RulesJson.demoRules());
        assertThat(config.requiredApiKey()).isNull();
    }

    @Test
    void optionsWinOverEnvironmentVariables(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.json"), "[{\"reply\": {\"text\": \"from file\"}}]");
        Map<String, String> env = Map.of(
                "MOCK_LLM_PORT", "9999",
                "MOCK_LLM_HOST", "0.0.0.0",
                "MOCK_LLM_RULES", rules.toString(),
                "MOCK_LLM_TTFT_MS", "150");

        MockLlmConfig config = MockLlmMain.configFrom(
                MockLlmMain.parseArgs(
                        new String[] {"--port=0", "--require-key=sk-1", "--models=a, b", "--token-delay-ms=5"}),
                env::get);

        assertThat(config.port()).isZero();
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.rules()).hasSize(1);
        assertThat(config.requiredApiKey()).isEqualTo("sk-1");
        assertThat(config.models()).containsExactly("a", "b");
        assertThat(config.timeToFirstToken()).isEqualTo(Duration.ofMillis(150));
        assertThat(config.tokenDelay()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void acceptsOptionValuesAsTheNextArgumentAsBl1nkPassesThem() {
        Map<String, String> options =
                MockLlmMain.parseArgs(new String[] {"--port", "8090", "--no-demo-rules", "--host", "0.0.0.0"});

        assertThat(options)
                .containsEntry("port", "8090")
                .containsEntry("host", "0.0.0.0")
                .containsKey("no-demo-rules");
        assertThatThrownBy(() -> MockLlmMain.parseArgs(new String[] {"--port"})).hasMessageContaining("needs a value");
    }

    @Test
    void noDemoRulesStartsEmptyAndBadOptionsAreRejected() {
        assertThat(MockLlmMain.configFrom(MockLlmMain.parseArgs(new String[] {"--no-demo-rules"}), name -> null)
                        .rules())
                .isEmpty();
        assertThatThrownBy(() -> MockLlmMain.parseArgs(new String[] {"--prot=1"}))
                .hasMessageContaining("--prot");
        assertThatThrownBy(() -> MockLlmMain.configFrom(Map.of("port", "abc"), name -> null))
                .hasMessageContaining("port");
        assertThatThrownBy(() -> MockLlmMain.configFrom(Map.of("rules", "/nonexistent/rules.json"), name -> null))
                .hasMessageContaining("not readable");
    }
}
