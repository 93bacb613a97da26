package com.bl1nk.task.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaBufferTests {

    @Test
    void coalescesSmallDeltasAndLosesNothingOnFlush() {
        List<String> out = new ArrayList<>();
        DeltaBuffer buffer = new DeltaBuffer(out::add);
        for (String piece : List.of("The", " answer", " is", " 42", ".")) {
            buffer.add(piece);
        }
        buffer.flush();
        assertThat(String.join("", out)).isEqualTo("The answer is 42.");
        assertThat(out).hasSizeLessThan(5);
    }

    @Test
    void flushesOnceEnoughTextIsPending() {
        List<String> out = new ArrayList<>();
        DeltaBuffer buffer = new DeltaBuffer(out::add);
        buffer.add("x".repeat(70));
        assertThat(out).containsExactly("x".repeat(70));
        buffer.flush();
        assertThat(out).hasSize(1);
    }
}
