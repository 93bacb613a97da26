package com.bl1nk.task.queue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TaskSweeperTests {

    @Test
    void comparesStreamIdsNumericallyNotAsText() {
        assertThat(TaskSweeper.compare("9-0", "10-0")).isNegative();
        assertThat(TaskSweeper.compare("10-2", "10-10")).isNegative();
        assertThat(TaskSweeper.compare("10-10", "10-10")).isZero();
        assertThat(TaskSweeper.compare("11-0", "10-99")).isPositive();
    }
}
