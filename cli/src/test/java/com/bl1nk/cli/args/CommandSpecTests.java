package com.bl1nk.cli.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CommandSpecTests {

    private static final CommandSpec UPLOAD = new CommandSpec(
            "kb upload",
            "upload",
            List.of("KB", "DIR"),
            List.of(),
            List.of(Flag.value("timeout", "SECONDS", "t"), Flag.bool("no-wait", "w"), Flag.many("kb", "KB", "k")));

    @Test
    void readsPositionalsFlagsWithSpaceOrEqualsAndSwitchesInAnyOrder() {
        Args args =
                UPLOAD.parse(List.of("--timeout", "30", "docs", "--no-wait", "./dir", "--json", "--url=http://h:1"));

        assertThat(args.positionals()).containsExactly("docs", "./dir");
        assertThat(args.value("timeout")).contains("30");
        assertThat(args.has("no-wait")).isTrue();
        assertThat(args.has("json")).isTrue();
        assertThat(args.value("url")).contains("http://h:1");
    }

    @Test
    void aRepeatableFlagCollectsEveryValueAndSplitsCommas() {
        Args args = UPLOAD.parse(List.of("a", "b", "--kb", "one", "--kb=two,three"));

        assertThat(args.values("kb")).containsExactly("one", "two", "three");
    }

    @Test
    void anUnknownFlagIsAUsageErrorNamingItWithTheUsageLine() {
        assertThatThrownBy(() -> UPLOAD.parse(List.of("a", "b", "--colour=red")))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown flag --colour")
                .extracting(e -> ((UsageException) e).usage())
                .isEqualTo("./bl1nk kb upload KB DIR [--timeout SECONDS] [--no-wait] [--kb KB]... [--json]");
    }

    @Test
    void aMissingPositionalIsNamed() {
        assertThatThrownBy(() -> UPLOAD.parse(List.of("docs")))
                .isInstanceOf(UsageException.class)
                .hasMessage("missing argument DIR");
    }

    @Test
    void anExtraPositionalIsRefused() {
        assertThatThrownBy(() -> UPLOAD.parse(List.of("a", "b", "c")))
                .isInstanceOf(UsageException.class)
                .hasMessage("unexpected argument 'c'");
    }

    @Test
    void aFlagWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> UPLOAD.parse(List.of("a", "b", "--timeout")))
                .isInstanceOf(UsageException.class)
                .hasMessage("flag --timeout needs a value (SECONDS)");
    }

    @Test
    void aSwitchGivenAValueAndANonRepeatableFlagGivenTwiceAreRefused() {
        assertThatThrownBy(() -> UPLOAD.parse(List.of("a", "b", "--no-wait=yes")))
                .hasMessage("flag --no-wait takes no value");
        assertThatThrownBy(() -> UPLOAD.parse(List.of("a", "b", "--timeout", "1", "--timeout", "2")))
                .hasMessage("flag --timeout given twice");
    }

    @Test
    void wordsAfterDoubleDashAreArgumentsEvenWhenTheyLookLikeFlags() {
        Args args = UPLOAD.parse(List.of("a", "--", "--not-a-flag"));

        assertThat(args.positionals()).containsExactly("a", "--not-a-flag");
    }

    @Test
    void helpNeedsNoArguments() {
        assertThat(UPLOAD.parse(List.of("-h")).has("help")).isTrue();
        assertThat(UPLOAD.help()).contains("usage: ./bl1nk kb upload KB DIR").contains("--timeout SECONDS");
    }

    @Test
    void numbersAreCheckedAgainstTheirBoundsNamingTheFlag() {
        Args args = UPLOAD.parse(List.of("a", "b", "--timeout", "0"));
        assertThatThrownBy(() -> args.intValue("timeout", 1, 10, "u"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--timeout must be between 1 and 10");
        Args words = UPLOAD.parse(List.of("a", "b", "--timeout", "soon"));
        assertThatThrownBy(() -> words.intValue("timeout", 1, 10, "u"))
                .hasMessage("--timeout must be a whole number, not 'soon'");
        assertThatThrownBy(() -> words.decimalValue("timeout", "u"))
                .hasMessage("--timeout must be a number, not 'soon'");
        assertThat(UPLOAD.parse(List.of("a", "b", "--timeout", "7")).intValue("timeout", 1, 10, "u"))
                .contains(7);
    }
}
