package com.bl1nk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.cli.FakeGateway.Answer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The client end to end against a loopback fake gateway: dispatch, errors, exit codes, upload and follow output. */
class CliTests {

    private static final String KEY = "bl1nk_k3yprefix_TOPSECRETvalue0123456789";
    private static final String AGENT = "0b1e0000-0000-4000-8000-00000000a001";
    private static final String KB = "0b1e0000-0000-4000-8000-00000000b001";
    private static final String TASK = "0b1e0000-0000-4000-8000-00000000c001";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path home;

    private FakeGateway gateway;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        gateway = new FakeGateway();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    private int run(String... args) {
        return run(Map.of("BL1NK_URL", gateway.url(), "BL1NK_API_KEY", KEY), "", args);
    }

    private int run(Map<String, String> extraEnv, String stdin, String... args) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HOME", home.toString());
        Io io = new Io(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                env,
                false,
                100);
        return new Cli(io).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aProblemFromTheServerIsOneErrorLineNamingTheFieldWithExitCode1() {
        gateway.on("POST /api/v1/agents", Answer.problem(400, """
                {"title":"Validation failed","status":400,"detail":"Request validation failed","traceId":"t-1",
                 "errors":[{"field":"name","message":"must be 1-63 of a-z, 0-9, _ or -"}]}"""));

        int code = run("agents", "create", "--name", "Bad Name", "--model", "mock-gpt");

        assertThat(code).isEqualTo(ExitCodes.API_ERROR);
        assertThat(err())
                .startsWith(
                        "error: Validation failed: Request validation failed; name: must be 1-63 of a-z, 0-9, _ or -\n");
        assertThat(err()).contains("trace id: t-1");
        assertThat(out()).isEmpty();
        JsonNode sent = JSON.readTree(gateway.requests.getLast().body());
        assertThat(sent.path("name").asString()).isEqualTo("Bad Name");
        assertThat(sent.path("instructions").asString()).isNotBlank();
        assertThat(gateway.requests.getLast().header("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(out() + err()).doesNotContain("TOPSECRET");
    }

    @Test
    void usageErrorsExitWith2AndTheUsageLine() {
        assertThat(run("agents", "list", "--bogus")).isEqualTo(ExitCodes.USAGE);
        assertThat(err())
                .isEqualTo("error: unknown flag --bogus\nusage: ./bl1nk agents list [--limit N] [--cursor"
                        + " CURSOR] [--json]\n");
        err.reset();
        assertThat(run("task", "run", "helper")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).startsWith("error: missing argument INPUT\nusage: ./bl1nk task run AGENT INPUT");
        err.reset();
        assertThat(run("frobnicate")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("unknown command 'frobnicate'");
        err.reset();
        assertThat(run("kb", "explode")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("unknown subcommand 'explode' for 'kb'");
        assertThat(run("task", "get", "not-a-uuid")).isEqualTo(ExitCodes.USAGE);
        assertThat(gateway.requests).isEmpty();
    }

    @Test
    void helpAndVersionExitWith0() {
        assertThat(run("help")).isZero();
        assertThat(out()).contains("kb upload").contains("task run").contains("apikeys create");
        assertThat(run("kb", "--help")).isZero();
        assertThat(run("help", "kb", "upload")).isZero();
        assertThat(out()).contains("usage: ./bl1nk kb upload KB DIR");
        assertThat(run("version")).isZero();
        assertThat(out()).contains("bl1nk-cli " + Cli.VERSION);
    }

    @Test
    void withoutAKeyTheErrorSaysHowToLogIn() {
        int code = run(Map.of("BL1NK_URL", gateway.url()), "", "agents", "list");

        assertThat(code).isEqualTo(ExitCodes.API_ERROR);
        assertThat(err()).contains("no API key: run ./bl1nk login --url " + gateway.url() + " --key KEY");
    }

    @Test
    void anUnreachablePlatformIsNamedWithHowToCheckIt() {
        int code = run(Map.of("BL1NK_URL", "http://127.0.0.1:1", "BL1NK_API_KEY", KEY), "", "kb", "list");

        assertThat(code).isEqualTo(ExitCodes.API_ERROR);
        assertThat(err()).contains("cannot reach http://127.0.0.1:1").doesNotContain("TOPSECRET");
    }

    @Test
    void loginChecksTheKeyReadFromStdinAndStoresItWithoutPrintingIt() throws IOException {
        gateway.on("GET /api/v1/agents", Answer.json(200, "{\"items\":[],\"nextCursor\":null}"));

        int code = run(Map.of("BL1NK_URL", gateway.url()), KEY + "\n", "login", "--key", "-");

        assertThat(code).as(err()).isZero();
        assertThat(out()).contains("logged in to " + gateway.url() + " with key bl1nk_k3yprefix_…");
        assertThat(out() + err()).doesNotContain("TOPSECRET");
        Path config = home.resolve(".config/bl1nk/config.json");
        assertThat(Files.readString(config)).contains(KEY);
        out.reset();
        assertThat(run(Map.of(), "", "whoami", "--json")).isZero();
        JsonNode who = JSON.readTree(out());
        assertThat(who.path("url").asString()).isEqualTo(gateway.url());
        assertThat(who.path("key").asString()).isEqualTo("bl1nk_k3yprefix_…");
        assertThat(run(Map.of(), "", "logout")).isZero();
        assertThat(Files.readString(config)).doesNotContain(KEY);
    }

    @Test
    void aKeyThePlatformRefusesIsNotStored() {
        gateway.on(
                "GET /api/v1/agents",
                Answer.problem(
                        401, "{\"title\":\"Unauthenticated\",\"status\":401," + "\"detail\":\"invalid API key\"}"));

        int code = run(Map.of("BL1NK_URL", gateway.url()), "", "login", "--key", KEY);

        assertThat(code).isEqualTo(ExitCodes.API_ERROR);
        assertThat(err()).contains("does not accept this key: Unauthenticated: invalid API key");
        assertThat(home.resolve(".config/bl1nk/config.json")).doesNotExist();
    }

    @Test
    void uploadSendsEveryFileThenWaitsForEachDocumentWithPlainLinesWhenNotATerminal() throws IOException {
        Path docs = Files.createDirectories(home.resolve("docs"));
        Files.writeString(docs.resolve("a.md"), "# A\n\nalpha");
        Files.writeString(docs.resolve("b.txt"), "bravo");
        Files.writeString(docs.resolve("skip.png"), "png");
        gateway.on(
                "GET /api/v1/knowledge-bases",
                Answer.json(200, "{\"items\":[{\"id\":\"" + KB + "\",\"name\":\"handbook\"}],\"nextCursor\":null}"));
        AtomicInteger ids = new AtomicInteger();
        gateway.on(
                "POST /api/v1/knowledge-bases/" + KB + "/documents",
                r -> Answer.json(
                        202,
                        "{\"id\":\"" + "0b1e0000-0000-4000-8000-00000000d00" + ids.incrementAndGet()
                                + "\",\"status\":\"queued\"}"));
        AtomicInteger polls = new AtomicInteger();
        gateway.on(
                "GET /api/v1/knowledge-bases/" + KB + "/documents/0b1e0000-0000-4000-8000-00000000d001",
                r -> Answer.json(
                        200,
                        polls.incrementAndGet() < 2
                                ? "{\"status\":\"processing\",\"progress\":50}"
                                : "{\"status\":\"ready\",\"progress\":100,\"chunkCount\":2}"));
        gateway.on(
                "GET /api/v1/knowledge-bases/" + KB + "/documents/0b1e0000-0000-4000-8000-00000000d002",
                Answer.json(200, "{\"status\":\"failed\",\"failureReason\":\"unreadable_document\"}"));

        int code = run("kb", "upload", "handbook", docs.toString());

        assertThat(code).as(err()).isEqualTo(ExitCodes.FAILED);
        assertThat(err())
                .contains("skipping 1 unsupported file(s)")
                .contains("uploaded [1/2] a.md (10 B)")
                .contains("uploaded [2/2] b.txt (5 B)")
                .contains("failed   [1/2] b.txt: unreadable_document")
                .contains("ready    [2/2] a.md (2 chunks)")
                .doesNotContain("\033");
        assertThat(out()).isEqualTo("2 file(s) to handbook: 1 ready, 1 failed\n");
        FakeGateway.Request upload = gateway.requests.stream()
                .filter(r -> r.method().equals("POST"))
                .findFirst()
                .orElseThrow();
        assertThat(upload.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(upload.body())
                .contains("filename=\"a.md\"")
                .contains("Content-Type: text/markdown")
                .contains("alpha");
    }

    @Test
    void uploadWithJsonPrintsOnlyTheResultObjectOnStdout() throws IOException {
        Path docs = Files.createDirectories(home.resolve("one"));
        Files.writeString(docs.resolve("a.md"), "# A");
        gateway.on(
                "POST /api/v1/knowledge-bases/" + KB + "/documents",
                Answer.json(
                        200,
                        "{\"id\":\"0b1e0000-0000-"
                                + "4000-8000-00000000d001\",\"status\":\"ready\",\"chunkCount\":1,\"deduplicated\":true}"));

        int code = run("kb", "upload", KB, docs.toString(), "--json");

        assertThat(code).as(err()).isZero();
        JsonNode result = JSON.readTree(out());
        assertThat(result.path("ready").asInt()).isEqualTo(1);
        assertThat(result.path("documents").get(0).path("deduplicated").asBoolean())
                .isTrue();
        assertThat(err()).contains("unchanged: already in the knowledge base");
    }

    private static final String EVENTS_PART_ONE = """
            id: 1-0
            event: queued
            data: {"taskId":"%1$s"}

            : heartbeat

            id: 2-0
            event: started
            data: {"taskId":"%1$s","attempt":1}

            """.formatted(TASK);

    private static final String EVENTS_PART_TWO = """
            id: 3-0
            event: retrieval
            data: {"seq":1,"chunks":2,"sources":["handbook.md"]}

            id: 4-0
            event: model_delta
            data: {"seq":2,"text":"The code is "}

            id: 5-0
            event: model_delta
            data: {"seq":2,"text":"PLUM [1]."}

            id: 6-0
            event: completed
            data: {"taskId":"%1$s","status":"succeeded","output":"The code is PLUM [1].","costUsd":"0.000021"}

            """.formatted(TASK);

    private void scriptTask(String firstPart) {
        gateway.on(
                "GET /api/v1/agents",
                Answer.json(200, "{\"items\":[{\"id\":\"" + AGENT + "\",\"name\":\"helper\"}],\"nextCursor\":null}"));
        gateway.on("POST /api/v1/tasks", Answer.json(201, "{\"id\":\"" + TASK + "\",\"status\":\"queued\"}"));
        gateway.on("GET /api/v1/tasks/" + TASK, Answer.json(200, "{\"id\":\"" + TASK + "\",\"status\":\"running\"}"));
        gateway.on(
                "GET /api/v1/tasks/" + TASK + "/events",
                r -> r.header("Last-Event-ID") == null ? Answer.events(firstPart) : Answer.events(EVENTS_PART_TWO));
    }

    @Test
    void runFollowStreamsReadableEventsResumesAfterADropAndEndsWithTheAnswer() {
        scriptTask(EVENTS_PART_ONE);

        int code = run("task", "run", "helper", "what is the code?", "--follow");

        assertThat(code).as(err()).isZero();
        assertThat(out()).isEqualTo("The code is PLUM [1].\n");
        assertThat(err())
                .contains("queued     task " + TASK)
                .contains("started    attempt 1")
                .contains("retrieved  2 chunks from 1 source\n           [1] handbook.md")
                .contains("succeeded  cost $0.000021");
        JsonNode created = JSON.readTree(gateway.requests.stream()
                .filter(r -> r.method().equals("POST"))
                .findFirst()
                .orElseThrow()
                .body());
        assertThat(created.path("agentId").asString()).isEqualTo(AGENT);
        assertThat(created.path("input").asString()).isEqualTo("what is the code?");
        List<String> resumedFrom = gateway.requests.stream()
                .filter(r -> r.uri().endsWith("/events"))
                .map(r -> String.valueOf(r.header("Last-Event-ID")))
                .toList();
        assertThat(resumedFrom).containsExactly("null", "2-0");
    }

    @Test
    void runFollowWithJsonPrintsOneJsonObjectPerEvent() {
        scriptTask(EVENTS_PART_ONE);

        int code = run("task", "run", "helper", "q", "--follow", "--json");

        assertThat(code).isZero();
        List<JsonNode> events = out().lines().map(JSON::readTree).toList();
        assertThat(events)
                .extracting(e -> e.path("event").asString())
                .containsExactly("queued", "started", "retrieval", "model_delta", "model_delta", "completed");
        assertThat(events.getLast().path("data").path("output").asString()).isEqualTo("The code is PLUM [1].");
        assertThat(err()).doesNotContain("queued");
    }

    @Test
    void aFailedTaskExitsWith3AndSaysWhy() {
        scriptTask("""
                id: 1-0
                event: failed
                data: {"taskId":"%s","status":"failed","reason":"budget_exceeded","costUsd":"1"}

                """.formatted(TASK));

        int code = run("task", "run", "helper", "q", "--follow");

        assertThat(code).isEqualTo(ExitCodes.FAILED);
        assertThat(err()).contains("error: task " + TASK + " failed: budget_exceeded");
        assertThat(out()).isEmpty();
    }

    @Test
    void anUnknownAgentNameIsAnApiErrorSayingHowToListThem() {
        gateway.on("GET /api/v1/agents", Answer.json(200, "{\"items\":[],\"nextCursor\":null}"));

        assertThat(run("task", "run", "nobody", "q")).isEqualTo(ExitCodes.API_ERROR);
        assertThat(err()).contains("no agent named 'nobody' in this tenant (./bl1nk agents list)");
    }

    @Test
    void listsAreTablesAndJsonIsTheServersPage() {
        gateway.on(
                "GET /api/v1/knowledge-bases",
                Answer.json(
                        200,
                        "{\"items\":[{\"id\":\"" + KB + "\",\"name\":"
                                + "\"handbook\",\"embedding\":{\"provider\":\"local\",\"model\":\"all-minilm-l6-v2\",\"dimension\":384},"
                                + "\"chunking\":{\"maxTokens\":200,\"overlapTokens\":40}}],\"nextCursor\":\"c2\"}"));

        assertThat(run("kb", "list")).isZero();
        assertThat(out()).contains("NAME").contains("handbook").contains(KB).contains("local/all-minilm-l6-v2 (384)");
        assertThat(err()).contains("more: add --cursor c2");
        out.reset();
        assertThat(run("kb", "list", "--json", "--limit", "5")).isZero();
        assertThat(JSON.readTree(out()).path("items").get(0).path("name").asString())
                .isEqualTo("handbook");
        assertThat(gateway.requests.getLast().uri()).isEqualTo("/api/v1/knowledge-bases?limit=5");
    }

    @Test
    void createdApiKeyIsPrintedOnceOnStdoutAndUsageIsATable() {
        gateway.on(
                "POST /api/v1/api-keys",
                Answer.json(
                        201,
                        "{\"id\":\"k1\",\"name\":\"ci\",\"key\":\"bl1nk_new_" + "s3cr3t\",\"roles\":[\"developer\"]}"));
        gateway.on(
                "GET /api/v1/usage",
                Answer.json(
                        200,
                        "{\"groupBy\":\"model\",\"from\":\"2026-01-01T00:00:00Z\","
                                + "\"to\":\"2026-01-31T00:00:00Z\",\"currency\":\"USD\",\"items\":[{\"key\":\"mock-llm/mock-gpt\","
                                + "\"calls\":3,\"promptTokens\":30,\"completionTokens\":9,\"costUsd\":\"0.000048\"}],\"totals\":{"
                                + "\"key\":\"total\",\"calls\":3,\"promptTokens\":30,\"completionTokens\":9,\"costUsd\":\"0.000048\"}}"));

        assertThat(run("apikeys", "create", "--name", "ci")).isZero();
        assertThat(out()).isEqualTo("bl1nk_new_s3cr3t\n");
        assertThat(JSON.readTree(gateway.requests.getLast().body())
                        .path("roles")
                        .get(0)
                        .asString())
                .isEqualTo("developer");
        out.reset();
        assertThat(run("usage", "--group-by", "model", "--from", "2026-01-01")).isZero();
        assertThat(gateway.requests.getLast().uri()).isEqualTo("/api/v1/usage?groupBy=model&from=2026-01-01");
        assertThat(out()).contains("mock-llm/mock-gpt").contains("$0.000048").contains("total");
    }

    @Test
    void agentsCreateFromAFileWithFlagsOverridingItsFieldsAndKnowledgeBasesByName() throws IOException {
        Path file = Files.writeString(home.resolve("agent.json"), """
                {"name": "from-file", "instructions": "Be brief.", "model": "mock-gpt-mini", "maxSteps": 3}""");
        gateway.on(
                "GET /api/v1/knowledge-bases",
                Answer.json(200, "{\"items\":[{\"id\":\"" + KB + "\",\"name\":\"handbook\"}],\"nextCursor\":null}"));
        gateway.on(
                "POST /api/v1/agents",
                r -> Answer.json(201, r.body().replace("}", ",\"id\":\"" + AGENT + "\",\"version\":1}")));

        int code = run(
                "agents",
                "create",
                "--file",
                file.toString(),
                "--model",
                "mock-gpt",
                "--kb",
                "handbook",
                "--sub-agent",
                "a,b",
                "--tool",
                "t1",
                "--max-cost",
                "0.5",
                "--max-depth",
                "2");

        assertThat(code).as(err()).isZero();
        JsonNode sent = JSON.readTree(gateway.requests.getLast().body());
        assertThat(sent.path("name").asString()).isEqualTo("from-file");
        assertThat(sent.path("instructions").asString()).isEqualTo("Be brief.");
        assertThat(sent.path("model").asString()).isEqualTo("mock-gpt");
        assertThat(sent.path("maxSteps").asInt()).isEqualTo(3);
        assertThat(sent.path("knowledgeBaseIds").get(0).asString()).isEqualTo(KB);
        assertThat(sent.path("allowedSubAgents").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(sent.path("allowedTools").toString()).isEqualTo("[\"t1\"]");
        assertThat(sent.path("maxCostUsd").asString()).isEqualTo("0.5");
        assertThat(sent.path("maxDelegationDepth").asInt()).isEqualTo(2);
        assertThat(out()).contains("created agent from-file (" + AGENT + "), version 1");
    }

    @Test
    void aMissingOrBrokenAgentFileIsAUsageError() throws IOException {
        assertThat(run("agents", "create", "--file", home.resolve("nope.json").toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("does not exist");
        Path broken = Files.writeString(home.resolve("broken.json"), "{\"name\": ");
        assertThat(run("agents", "create", "--file", broken.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("is not valid JSON");
        assertThat(run("agents", "create", "--model", "m")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("missing flag --name");
    }

    @Test
    void agentsGetAndDeleteByName() {
        gateway.on(
                "GET /api/v1/agents",
                Answer.json(200, "{\"items\":[{\"id\":\"" + AGENT + "\",\"name\":\"helper\"}],\"nextCursor\":null}"));
        gateway.on(
                "GET /api/v1/agents/" + AGENT,
                Answer.json(
                        200,
                        "{\"id\":\"" + AGENT + "\",\"name\":\"helper\","
                                + "\"version\":2,\"model\":\"mock-gpt\",\"knowledgeBaseIds\":[\"" + KB
                                + "\"],\"allowedTools\":[],"
                                + "\"allowedSubAgents\":[\"alpha\"],\"maxSteps\":10,\"maxCostUsd\":\"1\",\"maxDelegationDepth\":1,"
                                + "\"instructions\":\"Help.\"}"));
        gateway.on("DELETE /api/v1/agents/" + AGENT, new Answer(204, "application/json", ""));

        assertThat(run("agents", "get", "helper")).isZero();
        assertThat(out())
                .contains("version:        2")
                .contains("knowledge:      " + KB)
                .contains("sub-agents:     alpha")
                .contains("tools:          -");
        assertThat(run("agents", "list")).isZero();
        assertThat(out()).contains("helper");
        out.reset();
        assertThat(run("agents", "delete", "helper", "--json")).isZero();
        assertThat(JSON.readTree(out()).path("deleted").asBoolean()).isTrue();
    }

    @Test
    void taskGetListAndCancel() {
        gateway.on(
                "GET /api/v1/tasks/" + TASK,
                Answer.json(
                        200,
                        "{\"id\":\"" + TASK + "\",\"agentId\":\"" + AGENT
                                + "\",\"agentVersion\":1,\"status\":\"succeeded\",\"input\":\"q\",\"output\":\"the answer\","
                                + "\"cost\":{\"budgetUsd\":\"1\",\"ownUsd\":\"0.1\",\"childrenUsd\":\"0\",\"totalUsd\":\"0.1\"},"
                                + "\"tokens\":{\"prompt\":12,\"completion\":3},\"durationMs\":420,"
                                + "\"steps\":[{\"seq\":1,\"kind\":\"model\",\"status\":\"completed\",\"costUsd\":\"0.1\"}],"
                                + "\"children\":[{\"id\":\"c\",\"status\":\"succeeded\",\"totalCostUsd\":\"0\"}]}"));
        gateway.on(
                "GET /api/v1/tasks",
                Answer.json(
                        200,
                        "{\"items\":[{\"id\":\"" + TASK + "\",\"status\":"
                                + "\"running\",\"input\":\"q\",\"cost\":{\"totalUsd\":\"0\"}}],\"nextCursor\":null}"));
        gateway.on(
                "POST /api/v1/tasks/" + TASK + "/cancel",
                Answer.json(200, "{\"id\":\"" + TASK + "\",\"status\":\"cancelled\"}"));

        assertThat(run("task", "get", TASK)).isZero();
        assertThat(out())
                .contains("status:     succeeded")
                .contains("tokens:     12 prompt, 3 completion")
                .contains("took 420 ms")
                .contains("step 1")
                .contains("child      c succeeded")
                .endsWith("the answer\n");
        out.reset();
        assertThat(run("task", "list", "--status", "running")).isZero();
        assertThat(out()).contains(TASK).contains("running");
        assertThat(gateway.requests.getLast().uri()).isEqualTo("/api/v1/tasks?status=running");
        out.reset();
        assertThat(run("task", "cancel", TASK)).isZero();
        assertThat(out()).isEqualTo("task " + TASK + " cancelled\n");
    }

    @Test
    void runWithoutFollowPrintsTheTaskIdOnStdout() {
        scriptTask(EVENTS_PART_ONE);

        assertThat(run("task", "run", AGENT, "q")).isZero();

        assertThat(out()).isEqualTo(TASK + "\n");
        assertThat(err()).contains("./bl1nk task follow " + TASK);
    }

    @Test
    void knowledgeBaseCreateDocsAndKeysListAndRevoke() {
        gateway.on("POST /api/v1/knowledge-bases", Answer.json(201, "{\"id\":\"" + KB + "\",\"name\":\"handbook\"}"));
        gateway.on(
                "GET /api/v1/knowledge-bases/" + KB + "/documents",
                Answer.json(
                        200,
                        "{\"items\":[{\"id\":\"d\","
                                + "\"name\":\"a.md\",\"status\":\"ready\",\"chunkCount\":4,\"sizeBytes\":2048}],\"nextCursor\":null}"));
        gateway.on(
                "GET /api/v1/api-keys",
                Answer.json(
                        200,
                        "{\"items\":[{\"id\":\"k\",\"name\":\"ci\","
                                + "\"prefix\":\"abc\",\"roles\":[\"viewer\"],\"scopes\":[],\"status\":\"active\"}],\"nextCursor\":null}"));
        gateway.on("DELETE /api/v1/api-keys/" + KB, new Answer(204, "application/json", ""));

        assertThat(run("kb", "create", "handbook", "--description", "docs")).isZero();
        assertThat(out()).contains("created knowledge base handbook (" + KB + ")");
        assertThat(JSON.readTree(gateway.requests.getLast().body())
                        .path("description")
                        .asString())
                .isEqualTo("docs");
        out.reset();
        assertThat(run("kb", "docs", KB)).isZero();
        assertThat(out()).contains("a.md").contains("ready").contains("2.0 kB");
        out.reset();
        assertThat(run("apikeys", "list")).isZero();
        assertThat(out()).contains("ci").contains("abc").contains("viewer").contains("active");
        assertThat(run("apikeys", "revoke", KB)).isZero();
        assertThat(run("apikeys", "revoke", "nope")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void onATerminalUploadDrawsBarsForTheFileAndTheWhole() throws IOException {
        Path docs = Files.createDirectories(home.resolve("tty"));
        Files.writeString(docs.resolve("a.md"), "# A");
        gateway.on(
                "POST /api/v1/knowledge-bases/" + KB + "/documents",
                Answer.json(202, "{\"id\":\"0b1e0000-0000-" + "4000-8000-00000000d001\",\"status\":\"queued\"}"));
        gateway.on(
                "GET /api/v1/knowledge-bases/" + KB + "/documents/0b1e0000-0000-4000-8000-00000000d001",
                Answer.json(200, "{\"status\":\"ready\",\"progress\":100,\"chunkCount\":1}"));
        Io io = new Io(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]),
                Map.of("BL1NK_URL", gateway.url(), "BL1NK_API_KEY", KEY, "HOME", home.toString()),
                true,
                80);

        assertThat(new Cli(io).run("kb", "upload", KB, docs.toString())).isZero();

        assertThat(err())
                .contains("\033[2K")
                .contains("a.md")
                .contains("[#")
                .contains("upload")
                .contains("ingest")
                .contains("1/1 documents")
                .contains("ready    [1/1] a.md (1 chunks)");
    }

    @Test
    void aKeyThatMayNotReadAgentsIsKeptWithANoteAndTheEnvironmentKeyIsSaidToWin() {
        gateway.on("GET /api/v1/agents", Answer.problem(403, "{\"title\":\"Forbidden\",\"status\":403}"));

        int code = run(
                Map.of("BL1NK_URL", gateway.url(), "BL1NK_API_KEY", "bl1nk_env_other"),
                "",
                "login",
                "--key",
                KEY,
                "--json");

        assertThat(code).as(err()).isZero();
        assertThat(JSON.readTree(out()).path("key").asString()).isEqualTo("bl1nk_k3yprefix_…");
        assertThat(err())
                .contains("note: the key works but may not read agents")
                .contains("note: BL1NK_API_KEY is set in this shell and wins over the saved key");
        out.reset();
        assertThat(run(Map.of(), "", "logout", "--json")).isZero();
        assertThat(JSON.readTree(out()).path("forgotten").asBoolean()).isTrue();
        out.reset();
        assertThat(run(Map.of(), "", "logout")).isZero();
        assertThat(out()).startsWith("no stored key in ");
        assertThat(run(Map.of(), "", "whoami")).isZero();
        assertThat(out()).contains("key: none (./bl1nk login --key KEY)");
    }

    @Test
    void loginRefusesSomethingThatIsNotABl1nkKeyAndAMissingKey() {
        assertThat(run(Map.of(), "", "login", "--key", "sk-openai")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("--key must be a bl1nk API key");
        assertThat(run(Map.of(), "", "login")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("missing flag --key");
        assertThat(run(Map.of(), "", "login", "--key", "-")).isEqualTo(ExitCodes.USAGE);
        assertThat(err()).contains("read no key from stdin");
    }

    @Test
    void theTerminalIsWhatTheScriptSaysAndTheWidthComesFromColumns() {
        assertThat(Io.isTerminal(Map.of("BL1NK_CLI_TTY", "1"))).isTrue();
        assertThat(Io.isTerminal(Map.of("BL1NK_CLI_TTY", "0"))).isFalse();
        assertThat(Io.isTerminal(Map.of("TERM", "dumb"))).isFalse();
        assertThat(Io.columns(Map.of("COLUMNS", "132"))).isEqualTo(132);
        assertThat(Io.columns(Map.of("COLUMNS", "wide"))).isEqualTo(100);
        assertThat(Io.system().env()).isNotNull();
    }
}
