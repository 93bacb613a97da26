package com.bl1nk.cli.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressBoardTests {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    private String written() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATerminalOnlyPermanentLinesAreWrittenWithNoControlCharacters() {
        ProgressBoard board = new ProgressBoard(err, false, now::get);

        board.live(List.of(Bars.line("a.md", 0.5, "1 kB/2 kB", 80)), true);
        board.log("uploaded [1/2] a.md (2.0 kB)");
        board.live(List.of(Bars.line("b.md", 0.1, "x", 80)), true);
        board.log("uploaded [2/2] b.md (10 B)");
        board.close();

        assertThat(written()).isEqualTo("uploaded [1/2] a.md (2.0 kB)\nuploaded [2/2] b.md (10 B)\n");
        assertThat(written()).doesNotContain("\033");
    }

    @Test
    void onATerminalTheLiveBlockIsRedrawnInPlaceAndClearedBeforeAPermanentLine() {
        ProgressBoard board = new ProgressBoard(err, true, now::get);

        board.live(List.of("one", "two"), true);
        assertThat(written()).isEqualTo("\r\033[2Kone\n\r\033[2Ktwo\n");

        bytes.reset();
        now.addAndGet(ProgressBoard.REDRAW_NANOS);
        board.live(List.of("three", "four"), false);
        assertThat(written()).isEqualTo("\033[2F\r\033[2Kthree\n\r\033[2Kfour\n");

        bytes.reset();
        board.log("done");
        assertThat(written()).isEqualTo("\033[2F\r\033[2K\n\r\033[2K\n\033[2Fdone\n");
    }

    @Test
    void redrawsWithinTheIntervalAreSkippedUnlessForced() {
        ProgressBoard board = new ProgressBoard(err, true, now::get);
        board.live(List.of("first"), true);
        bytes.reset();

        board.live(List.of("skipped"), false);
        assertThat(written()).isEmpty();

        board.live(List.of("forced"), true);
        assertThat(written()).contains("forced");
    }

    @Test
    void aShorterBlockBlanksTheLinesItNoLongerUses() {
        ProgressBoard board = new ProgressBoard(err, true, now::get);
        board.live(List.of("a", "b", "c"), true);
        bytes.reset();

        board.live(List.of("only"), true);

        assertThat(written()).isEqualTo("\033[3F\r\033[2Konly\n\r\033[2K\n\r\033[2K\n\033[2F");
    }
}
