package com.bl1nk.gateway.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.cli.Cli;
import com.bl1nk.cli.Io;
import com.bl1nk.gateway.smoke.RunningPlatform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The command-line client (module {@code cli}) against the real platform {@code ./bl1nk up} started: log in with the
 * bootstrap key, create a knowledge base, upload a directory of three files with progress until each is ready, create
 * agents on it, run a task that retrieves and delegates with {@code --follow} and read its streamed events and answer,
 * parse {@code --json} output, and refuse a bad flag with exit code 2. Most calls run the client in-process (its
 * {@link Cli} with captured streams); the script's short forms and Ctrl-C run it as a real process through
 * {@code ./bl1nk}.
 */
@Order(50)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String KB = "cli-handbook-" + RUN;
    private static final String LEAD = "cli-lead-" + RUN;
    private static final String HELPER = "cli-helper-" + RUN;
    private static final String FACT = "AMBER-FALCON-17";
    private static final String ANSWER = "The launch code is " + FACT + " [1].";

    private static PlatformApi api;
    private static Path home;
    private static Path docs;

    @BeforeAll
    static void platformAndAHomeDirectory() throws IOException {
        api = PlatformApi.get();
        home = Files.createTempDirectory("bl1nk-cli-home");
        docs = Files.createDirectories(home.resolve("handbook"));
        Files.writeString(docs.resolve("launch.md"), """
                # Launch handbook

                ## Launch codes

                The launch code of the kestrel probe is %s. Only the mission lead may read it aloud.
                """.formatted(FACT));
        Files.writeString(docs.resolve("weather.txt"), "Launches are scrubbed when the crosswind exceeds 30 knots.\n");
        Files.createDirectories(docs.resolve("history"));
        Files.writeString(docs.resolve("history/missions.html"), """
                <html><head><title>Missions</title></head><body><h1>Missions</h1>
                <p>The first kestrel mission flew in 2024 and carried two spectrometers.</p></body></html>
                """);
        Files.writeString(docs.resolve("diagram.png"), "not a document");
    }

    @AfterAll
    static void restoreMockLlm() {
        MockLlm.reset();
    }

    /** What one in-process run printed and returned. */
    record Run(int code, String out, String err) {

        JsonNode json() {
            return PlatformApi.JSON.readTree(out);
        }
    }

    /** Runs the client in-process with only HOME (and {@code extra}) in its environment: the login file decides. */
    private static Run cli(boolean tty, Map<String, String> extra, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> env = new HashMap<>(extra);
        env.put("HOME", home.toString());
        Io io = new Io(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]),
                env,
                tty,
                100);
        int code = new Cli(io).run(args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run cli(String... args) {
        return cli(false, Map.of(), args);
    }

    @Test
    @Order(1)
    void logsInWithTheBootstrapKeyKeepingItPrivate() throws IOException {
        Run login = cli(false, Map.of("BL1NK_URL", api.gateway()), "login", "--key", api.adminKey());

        assertThat(login.code()).as(login.err()).isZero();
        assertThat(login.out()).contains("logged in to " + api.gateway());
        assertThat(login.out() + login.err()).doesNotContain(secretOf(api.adminKey()));
        Path config = home.resolve(".config/bl1nk/config.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(config)).contains(api.gateway());

        Run whoami = cli("whoami", "--json");
        assertThat(whoami.json().path("url").asString()).isEqualTo(api.gateway());
        assertThat(whoami.out()).doesNotContain(secretOf(api.adminKey()));
    }

    @Test
    @Order(2)
    void uploadsADirectoryWithProgressAndWaitsUntilEveryDocumentIsReady() {
        Run created = cli("kb", "create", KB, "--description", "cli handbook", "--json");
        assertThat(created.code()).as(created.err()).isZero();
        String kbId = created.json().path("id").asString();

        Run upload = cli("kb", "upload", KB, docs.toString());

        assertThat(upload.code()).as(upload.err()).isZero();
        assertThat(upload.err())
                .contains("skipping 1 unsupported file(s)")
                .contains("uploaded [1/3] history/missions.html")
                .contains("uploaded [2/3] launch.md")
                .contains("uploaded [3/3] weather.txt")
                .doesNotContain("\033"); // not a terminal: plain lines only
        for (String name : List.of("history/missions.html", "launch.md", "weather.txt")) {
            assertThat(upload.err()).containsPattern("ready    \\[[123]/3\\] " + name + " \\(\\d+ chunks\\)");
        }
        assertThat(upload.out()).isEqualTo("3 file(s) to " + KB + ": 3 ready, 0 failed\n");

        Run listed = cli("kb", "docs", KB, "--json");
        assertThat(listed.code()).isZero();
        List<String> statuses = new ArrayList<>();
        listed.json().path("items").forEach(d -> statuses.add(d.path("status").asString()));
        assertThat(statuses).containsExactly("ready", "ready", "ready");
        assertThat(listed.json().path("items").findValuesAsString("knowledgeBaseId"))
                .containsOnly(kbId);
    }

    @Test
    @Order(3)
    void onATerminalTheSameUploadDrawsBarsAndFindsEveryFileUnchanged() {
        Run again = cli(true, Map.of(), "kb", "upload", KB, docs.toString(), "--json");

        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.err())
                .contains("\033[2K")
                .contains("[####")
                .contains("unchanged: already in the knowledge base");
        JsonNode result = again.json();
        assertThat(result.path("ready").asInt()).isEqualTo(3);
        assertThat(result.path("documents").findValuesAsString("status")).containsOnly("ready");
        assertThat(result.path("documents").findValues("deduplicated")).allMatch(JsonNode::asBoolean);
    }

    @Test
    @Order(4)
    void createsAgentsOnTheKnowledgeBaseByName() {
        Run helper = cli("agents", "create", "--name", HELPER, "--model", "mock-gpt", "--instructions", "You help.");
        assertThat(helper.code()).as(helper.err()).isZero();
        assertThat(helper.out()).contains("created agent " + HELPER);

        Run lead = cli(
                "agents",
                "create",
                "--name",
                LEAD,
                "--model",
                "mock-gpt",
                "--kb",
                KB,
                "--sub-agent",
                HELPER,
                "--max-cost",
                "1",
                "--json");
        assertThat(lead.code()).as(lead.err()).isZero();
        assertThat(lead.json().path("knowledgeBaseIds")).hasSize(1);
        assertThat(lead.json().path("allowedSubAgents").get(0).asString()).isEqualTo(HELPER);

        Run listed = cli("agents", "list", "--limit", "200");
        assertThat(listed.out()).contains(LEAD).contains(HELPER).contains("mock-gpt");
        Run shown = cli("agents", "get", LEAD);
        assertThat(shown.out()).contains("sub-agents:     " + HELPER);
    }

    @Test
    @Order(5)
    void runFollowStreamsRetrievalDelegationAndCostAndEndsWithTheAnswer() {
        scriptModel();

        Run run = cli("task", "run", LEAD, "cli-question: what is the launch code?", "--follow");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(ANSWER + "\n");
        assertThat(run.err())
                .containsPattern("queued     task [0-9a-f-]{36}")
                .contains("started    attempt 1")
                .containsPattern("retrieved  \\d+ chunks? from \\d+ sources?")
                .contains("] launch.md")
                .contains("delegated  1 child task")
                .contains("           " + HELPER + " -> task ")
                .containsPattern("child      " + HELPER + " succeeded, cost \\$[0-9.]+")
                .containsPattern("succeeded  cost \\$0\\.[0-9]+");
        assertThat(run.err().indexOf("retrieved")).isLessThan(run.err().indexOf("delegated"));
        assertThat(run.err().indexOf("delegated")).isLessThan(run.err().indexOf("succeeded  cost"));
    }

    @Test
    @Order(6)
    void jsonOutputParsesEventByEventAndForTasksKeysAndUsage() {
        scriptModel();

        Run run = cli("task", "run", LEAD, "cli-question: again, the launch code?", "--follow", "--json");

        assertThat(run.code()).as(run.err()).isZero();
        List<JsonNode> events =
                run.out().lines().map(PlatformApi.JSON::readTree).toList();
        List<String> types =
                events.stream().map(e -> e.path("event").asString()).toList();
        assertThat(types)
                .startsWith("queued", "started", "retrieval")
                .endsWith("completed")
                .contains("delegated");
        assertThat(events.getLast().path("data").path("output").asString()).isEqualTo(ANSWER);
        assertThat(events).allMatch(e -> e.path("id").asString().matches("\\d+-\\d+"));
        String taskId = events.getFirst().path("data").path("taskId").asString();

        Run task = cli("task", "get", taskId, "--json");
        assertThat(task.json().path("status").asString()).isEqualTo("succeeded");
        assertThat(task.json().path("output").asString()).isEqualTo(ANSWER);
        assertThat(cli("task", "list", "--json").json().path("items").findValuesAsString("id"))
                .contains(taskId);
        assertThat(cli("task", "get", taskId).out())
                .contains("status:     succeeded")
                .contains(ANSWER);

        Run key = cli("apikeys", "create", "--name", "cli-" + RUN, "--role", "viewer", "--json");
        assertThat(key.code()).as(key.err()).isZero();
        String keyId = key.json().path("id").asString();
        assertThat(key.json().path("key").asString()).startsWith("bl1nk_");
        assertThat(cli("apikeys", "list", "--json", "--limit", "200")
                        .json()
                        .path("items")
                        .findValuesAsString("id"))
                .contains(keyId);
        assertThat(cli("apikeys", "revoke", keyId).code()).isZero();

        await("billing meters the cli's tasks")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Run usage = cli("usage", "--group-by", "model", "--json");
                    assertThat(usage.code()).as(usage.err()).isZero();
                    assertThat(usage.json().path("items").findValuesAsString("key"))
                            .contains("mock-llm/mock-gpt");
                });
        assertThat(cli("usage").out()).contains("usage by day").contains("total");
    }

    @Test
    @Order(7)
    void errorsAreOneLineNamingTheFieldWithExitCodes() {
        Run badFlag = cli("kb", "upload", KB, docs.toString(), "--colour");
        assertThat(badFlag.code()).isEqualTo(2);
        assertThat(badFlag.err()).startsWith("error: unknown flag --colour\nusage: ./bl1nk kb upload KB DIR");
        assertThat(badFlag.out()).isEmpty();

        Run invalid = cli("agents", "create", "--name", "Not Valid!", "--model", "mock-gpt");
        assertThat(invalid.code()).isEqualTo(1);
        assertThat(invalid.err()).startsWith("error: Validation failed: ").contains("name: ");

        Run missing = cli("task", "get", UUID.randomUUID().toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).startsWith("error: ");
        assertThat(missing.out() + missing.err()).doesNotContain(secretOf(api.adminKey()));
    }

    @Test
    @Order(8)
    void theScriptRunsTheClientWithItsShortFormsAndExitCodes() throws Exception {
        Proc listed = script(List.of("kb", "list", "--json"));
        assertThat(listed.code()).as(listed.err()).isZero();
        assertThat(PlatformApi.JSON.readTree(listed.out()).path("items").findValuesAsString("name"))
                .contains(KB);

        Proc viaCli = script(List.of("cli", "agents", "get", LEAD, "--json"));
        assertThat(viaCli.code()).as(viaCli.err()).isZero();
        assertThat(PlatformApi.JSON.readTree(viaCli.out()).path("name").asString())
                .isEqualTo(LEAD);

        Proc badFlag = script(List.of("agents", "list", "--bogus"));
        assertThat(badFlag.code()).isEqualTo(2);
        assertThat(badFlag.err()).contains("error: unknown flag --bogus").contains("usage: ./bl1nk agents list");

        Proc apiKeys = script(List.of("keys", "api", "list", "--json"));
        assertThat(apiKeys.code()).as(apiKeys.err()).isZero();
        assertThat(PlatformApi.JSON.readTree(apiKeys.out()).path("items").isArray())
                .isTrue();
    }

    @Test
    @Order(9)
    void ctrlCDetachesWithoutCancellingAndTaskCancelEndsTheTask() throws Exception {
        MockLlm.setRules("""
                {"rules": [{"when": {"lastMessageContains": "cli-freeze", "role": "user"}, "fault": {"hang": true}}]}""");
        Run started = cli("task", "run", HELPER, "cli-freeze: wait for me");
        assertThat(started.code()).as(started.err()).isZero();
        String taskId = started.out().strip();

        Process follow = start(List.of("task", "follow", taskId));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(follow.getErrorStream(), err));
        await("the follower shows the task started")
                .atMost(Duration.ofSeconds(90))
                .until(() -> err.toString(StandardCharsets.UTF_8).contains("started    attempt"));
        new ProcessBuilder("kill", "-INT", String.valueOf(follow.pid())).start().waitFor();
        assertThat(follow.waitFor(30, TimeUnit.SECONDS)).isTrue();
        reader.join(Duration.ofSeconds(10));

        assertThat(follow.exitValue()).isEqualTo(130);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("detached from task " + taskId + "; it keeps running.")
                .contains("./bl1nk task cancel " + taskId);
        assertThat(cli("task", "get", taskId, "--json").json().path("status").asString())
                .isIn("queued", "running");

        Run cancel = cli("task", "cancel", taskId);
        assertThat(cancel.code()).as(cancel.err()).isZero();
        assertThat(cancel.out()).contains("task " + taskId + " cancelled");
        Run followEnded = cli("task", "follow", taskId);
        assertThat(followEnded.code()).as(followEnded.err()).isEqualTo(5);
        MockLlm.reset();
    }

    // ---- helpers

    /** mock-llm's side of the scenario: the helper answers, the lead delegates once and then answers with a cite. */
    private static void scriptModel() {
        MockLlm.setRules("""
                {"rules": [
                  {"when": {"lastMessageContains": "cli-child-task", "role": "user"}, "reply": {"text": "helper says 7"}},
                  {"when": {"lastMessageContains": "cli-question", "role": "user"},
                   "reply": {"toolCalls": [{"name": "delegate",
                     "arguments": {"tasks": [{"agent": "%s", "input": "cli-child-task: check the code"}]}}]}},
                  {"when": {"lastMessageContains": "helper says 7", "role": "tool"}, "reply": {"text": "%s"}}
                ]}""".formatted(HELPER, ANSWER));
    }

    /** The secret part of a key, which the client must never print. */
    private static String secretOf(String key) {
        return key.substring(key.lastIndexOf('_') + 1);
    }

    /** Exit code and output of {@code ./bl1nk <args>} run as a process. */
    record Proc(int code, String out, String err) {}

    private static Proc script(List<String> args) throws IOException, InterruptedException {
        Process p = start(args);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        reader.join(Duration.ofSeconds(10));
        return new Proc(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

    /** {@code ./bl1nk <args>} with the jar this build made, the platform's URL and key from the environment. */
    private static Process start(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        Path root = Path.of("..").toAbsolutePath().normalize();
        command.add(root.resolve("bl1nk").toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
        Map<String, String> env = builder.environment();
        env.put("HOME", home.toString());
        env.put("BL1NK_SKIP_BUILD", "1");
        env.put("BL1NK_URL", api.gateway());
        env.put("BL1NK_API_KEY", api.adminKey());
        env.put("BL1NK_STATE_DIR", RunningPlatform.get().state().toString());
        return builder.start();
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        try {
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (to) {
                    to.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }
}
