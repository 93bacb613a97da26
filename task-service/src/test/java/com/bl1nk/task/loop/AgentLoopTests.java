package com.bl1nk.task.loop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AgentLoopTests {

    @Test
    void turnsAnyToolNameIntoAValidFunctionName() {
        assertThat(ToolCatalog.functionName("github.create issue")).isEqualTo("github_create_issue");
        assertThat(ToolCatalog.functionName("")).isEqualTo("tool");
        assertThat(ToolCatalog.functionName("x".repeat(100))).hasSize(60);
    }
}
