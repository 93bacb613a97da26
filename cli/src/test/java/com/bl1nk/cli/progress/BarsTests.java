package com.bl1nk.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BarsTests {

    @Test
    void aBarFillsInProportionAndClampsOutOfRangeFractions() {
        assertThat(Bars.bar(0.5, 10)).isEqualTo("[#####-----]");
        assertThat(Bars.bar(0, 4)).isEqualTo("[----]");
        assertThat(Bars.bar(1.7, 4)).isEqualTo("[####]");
        assertThat(Bars.bar(Double.NaN, 4)).isEqualTo("[----]");
    }

    @Test
    void percentagesRoundDownSoOnlyDoneIsAHundred() {
        assertThat(Bars.percent(0.999)).isEqualTo(" 99%");
        assertThat(Bars.percent(1)).isEqualTo("100%");
        assertThat(Bars.percent(0.07)).isEqualTo("  7%");
    }

    @Test
    void byteSizesUseDecimalUnits() {
        assertThat(Bars.bytes(999)).isEqualTo("999 B");
        assertThat(Bars.bytes(1_234)).isEqualTo("1.2 kB");
        assertThat(Bars.bytes(5_600_000)).isEqualTo("5.6 MB");
    }

    @Test
    void aLineFitsTheTerminalAndKeepsTheEndOfALongName() {
        String line = Bars.line("very/long/directory/name/with/a/file-name.md", 0.25, "1 kB/4 kB", 80);

        assertThat(line).hasSizeLessThanOrEqualTo(80);
        assertThat(line).startsWith("…").contains("file-name.md").contains(" 25% 1 kB/4 kB");
        assertThat(Bars.fit("a.md", 6)).isEqualTo("a.md  ");
    }
}
