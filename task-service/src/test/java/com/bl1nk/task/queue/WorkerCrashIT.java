package com.bl1nk.task.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.common.stream.StreamWorker;
import com.bl1nk.mockllm.RecordedRequest;
import com.bl1nk.mockllm.Rule;
import com.bl1nk.task.TaskApplication;
import com.bl1nk.task.tasks.FakeDownstream;
import com.bl1nk.task.tasks.TaskItBase;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A worker in a separate JVM is killed with SIGKILL in the middle of a model call, after a tool call completed: a
 * worker in this JVM reclaims the message, resumes from the last completed step, and the completed model call and tool
 * call are not run again.
 */
class WorkerCrashIT extends TaskItBase {

    private final UUID tenant = newTenant();

    @Autowired
    @Qualifier("taskStreamWorker") StreamWorker localWorker;

    @Autowired
    ConfigurableEnvironment environment;

    @Test
    void aTaskWhoseWorkerWasKilledFinishesFromItsLastCompletedStep() throws Exception {
        MCP.reset();
        LLM.clearRequests();
        MCP.on("GET", "/api/v1/mcp/tools/crash-tool", call -> new FakeDownstream.Reply(200, """
                {"id":"crash-tool","name":"lookup","description":"Looks up",
                 "inputSchema":{"type":"object","properties":{"q":{"type":"string"}}}}
                """));
        MCP.on("POST", "/internal/v1/mcp/tools/crash-tool/call", call -> new FakeDownstream.Reply(200, """
                {"content":[{"type":"text","text":"crash-tool-result"}],"isError":false}
                """));
        LLM.setRules(List.of(
                Rule.whenLastMessageContains("crash-marker").fromRole("user").replyToolCall("lookup", "{\"q\":\"x\"}"),
                Rule.whenLastMessageContains("crash-tool-result")
                        .fromRole("tool")
                        .hang()
                        .times(1),
                Rule.whenLastMessageContains("crash-tool-result")
                        .fromRole("tool")
                        .replyText("recovered answer")));
        UUID agent = createAgent(
                tenant,
                Map.of("name", "crashy", "instructions", "Use the tool.", "allowedTools", List.of("crash-tool")));

        localWorker.stop();
        Process worker = null;
        Path log = Files.createTempFile("task-worker-", ".log");
        try {
            worker = startWorkerJvm(log);
            UUID taskId = createTask(tenant, agent, "crash-marker: do the thing");
            // The other JVM is the only consumer: wait until it has completed the tool call and is inside model call 2.
            try {
                await().atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> {
                            JsonNode steps = task(tenant, taskId).path("steps");
                            return steps.size() == 3
                                    && steps.get(1).path("status").asString().equals("completed")
                                    && steps.get(2).path("status").asString().equals("started");
                        });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                String out = Files.readString(log);
                throw new AssertionError(
                        "the worker JVM never reached model call 2; its log ends with:\n"
                                + out.substring(Math.max(0, out.length() - 4000)),
                        e);
            }
            worker.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
            worker.waitFor();
            assertThat(worker.exitValue()).isEqualTo(137);

            localWorker.start();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> status(tenant, taskId).equals("succeeded"));

            JsonNode task = task(tenant, taskId);
            assertThat(task.path("output").asString()).isEqualTo("recovered answer");
            assertThat(task.path("attempts").asInt()).isEqualTo(2);
            JsonNode steps = task.path("steps");
            assertThat(steps).hasSize(3);
            assertThat(steps.get(0).path("attempt").asInt()).isEqualTo(1); // model call 1: not repeated
            assertThat(steps.get(1).path("attempt").asInt()).isEqualTo(1); // tool call: not repeated
            assertThat(steps.get(2).path("attempt").asInt()).isEqualTo(2); // the call that was cut off ran again
            assertThat(MCP.calls("POST", "/internal/v1/mcp/tools/crash-tool/call"))
                    .hasSize(1);
            List<RecordedRequest> chats = LLM.requests("/v1/chat/completions");
            assertThat(chats.stream().filter(r -> lastMessage(r).contains("crash-marker")))
                    .hasSize(1);
            assertThat(chats.stream().filter(r -> lastMessage(r).contains("crash-tool-result")))
                    .hasSize(2);
        } finally {
            if (worker != null && worker.isAlive()) {
                worker.destroyForcibly();
            }
            if (!localWorker.isRunning()) {
                localWorker.start();
            }
            Files.deleteIfExists(log);
        }
    }

    private static String lastMessage(RecordedRequest r) {
        JsonNode messages = r.json().path("messages");
        return messages.get(messages.size() - 1).path("content").asString("");
    }

    /** The same application, configured like this test's context, in a child JVM with only the worker role. */
    private Process startWorkerJvm(Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx768m");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(TaskApplication.class.getName());
        java.util.Set<String> forwarded = new java.util.HashSet<>();
        for (PropertySource<?> source : environment.getPropertySources()) {
            String sourceName = source.getName();
            if (sourceName.contains("bl1nkTestInfrastructure")
                    || sourceName.contains("Dynamic")
                    || sourceName.contains("Inlined")) {
                if (source instanceof EnumerablePropertySource<?> e) {
                    for (String name : e.getPropertyNames()) {
                        if (forwarded.add(name) && !name.startsWith("server.") && !name.startsWith("management.")) {
                            command.add("--" + name + "=" + environment.getProperty(name));
                        }
                    }
                }
            }
        }
        command.add("--server.port=0");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .directory(new File(System.getProperty("user.dir")))
                .start();
    }
}
