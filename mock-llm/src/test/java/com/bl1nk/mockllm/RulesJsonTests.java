package com.bl1nk.mockllm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesJsonTests {

    private static Rule.MatchInput chat(String role, String text) {
        return new Rule.MatchInput(Rule.Endpoint.CHAT, "mock-gpt", role, text, Map.of());
    }

    @Test
    void parsesEveryPartOfARule() {
        List<Rule> rules = RulesJson.parse("""
                [{"name": "all",
                  "when": {"lastMessageContains": "Weather", "lastMessageMatches": "(?i)paris$", "role": "user",
                           "model": "mock-gpt", "headers": {"X-Scenario": "a"}, "endpoint": "any"},
                  "times": 3,
                  "reply": {"text": "t", "toolCalls": [{"name": "get_weather", "arguments": {"city": "Paris"}},
                                                       {"id": "call_fixed", "name": "noop", "arguments": "{}"}],
                            "error": {"status": 503, "retryAfterSeconds": 2, "message": "busy"}},
                  "fault": {"disconnectAfterChunks": 4},
                  "latency": {"timeToFirstTokenMs": 10, "tokenDelayMs": 2, "extraMs": 5}}]""");

        Rule rule = rules.getFirst();
        assertThat(rule.name()).isEqualTo("all");
        assertThat(rule.times()).isEqualTo(3);
        assertThat(rule.toolCalls())
                .containsExactly(
                        new ToolCall(null, "get_weather", "{\"city\":\"Paris\"}"),
                        new ToolCall("call_fixed", "noop", "{}"));
        assertThat(rule.error().status()).isEqualTo(503);
        assertThat(rule.error().retryAfterSeconds()).isEqualTo(2);
        assertThat(rule.error().message()).isEqualTo("busy");
        assertThat(rule.fault()).isEqualTo(Rule.Fault.DISCONNECT);
        assertThat(rule.disconnectAfterChunks()).isEqualTo(4);
        assertThat(rule.timeToFirstTokenOverride()).isEqualTo(Duration.ofMillis(10));
        assertThat(rule.tokenDelayOverride()).isEqualTo(Duration.ofMillis(2));
        assertThat(rule.extraLatencyOverride()).isEqualTo(Duration.ofMillis(5));
        assertThat(rule.matches(new Rule.MatchInput(
                        Rule.Endpoint.CHAT,
                        "mock-gpt",
                        "user",
                        "the weather in Paris",
                        Map.of("X-scenario", List.of("a")))))
                .isTrue();
        assertThat(rule.matches(chat("user", "the weather in Paris")))
                .as("header missing")
                .isFalse();
    }

    @Test
    void serialisedRulesParseBackToTheSameJson() {
        Rule rule = Rule.whenLastMessageContains("x")
                .named("n")
                .fromRole("tool")
                .forModel("m")
                .whenHeader("X-A", "1")
                .onEmbeddings()
                .replyText("hi {{lastMessage}}")
                .replyToolCall("f", "{\"a\":1}")
                .replyError(429, 4)
                .times(2)
                .hang()
                .tokenDelay(Duration.ofMillis(3));

        String json = RulesJson.toJson(rule).toString();
        Rule parsed = RulesJson.parse("[" + json + "]").getFirst();

        assertThat(RulesJson.toJson(parsed).toString()).isEqualTo(json);
    }

    @Test
    void rejectsUnknownFieldsAndBadValuesWithTheirLocation() {
        assertThatThrownBy(() -> RulesJson.parse("[{\"whn\": {}}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rules[0]")
                .hasMessageContaining("whn");
        assertThatThrownBy(() -> RulesJson.parse("[{}, {\"reply\": {\"error\": {\"status\": 200}}}]"))
                .hasMessageContaining("rules[1]");
        assertThatThrownBy(() -> RulesJson.parse("[{\"when\": {\"lastMessageMatches\": \"(\"}}]"))
                .hasMessageContaining("regex");
        assertThatThrownBy(() -> RulesJson.parse("[{\"times\": 0}]")).hasMessageContaining("times");
        assertThatThrownBy(() -> RulesJson.parse("{\"rules\": 1}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RulesJson.parse("nope")).hasMessageContaining("not valid JSON");
    }

    @Test
    void demoRulesLoadAndOneOfThemCallsATool() {
        List<Rule> demo = RulesJson.demoRules();
        RuleBook book = new RuleBook(demo);

        Rule weather = book.select(chat("user", "What's the weather like in Paris?"));
        Rule afterTool = book.select(chat("tool", "{\"temperature\": 18, \"weather\": \"sunny\"}"));
        Rule other = book.select(chat("user", "Explain vector databases"));

        assertThat(demo).hasSizeGreaterThanOrEqualTo(3);
        assertThat(weather.toolCalls()).extracting(ToolCall::name).containsExactly("get_weather");
        assertThat(afterTool.toolCalls()).isEmpty();
        assertThat(afterTool.text()).contains("{{lastMessage}}");
        assertThat(other).isSameAs(RuleBook.DEFAULT_RULE);
    }

    @Test
    void timesLimitsMatchesAndThenFallsThrough() {
        Rule limited = Rule.always().replyError(500).times(2);
        RuleBook book = new RuleBook(List.of(limited));

        assertThat(book.select(chat("user", "a"))).isSameAs(limited);
        assertThat(book.select(chat("user", "a"))).isSameAs(limited);
        assertThat(book.select(chat("user", "a"))).isSameAs(RuleBook.DEFAULT_RULE);
        assertThat(book.uses(0)).isEqualTo(2);
    }
}
