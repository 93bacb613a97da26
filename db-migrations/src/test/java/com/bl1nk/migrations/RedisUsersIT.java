package com.bl1nk.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each service's Redis user reaches only its own keys and streams, on the real local Redis 7. */
class RedisUsersIT {

    private static final String HOST = "127.0.0.1";
    private static final int PORT = 6379;
    private static final String PREFIX =
            "acl-it-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    private static final Map<String, String> PASSWORDS = new HashMap<>();

    @BeforeAll
    static void createUsers() throws IOException {
        for (String workload : RedisUsers.rules().keySet()) {
            PASSWORDS.put(workload, "pw-" + workload + "-" + UUID.randomUUID());
        }
        RedisUsers.apply(HOST, PORT, "", PREFIX, PASSWORDS);
        RedisUsers.apply(HOST, PORT, "", PREFIX, PASSWORDS); // idempotent
    }

    @AfterAll
    static void removeUsers() throws IOException {
        RedisUsers.remove(HOST, PORT, PREFIX);
        try (RedisUsers.Resp admin = RedisUsers.Resp.connect(HOST, PORT)) {
            for (String key : new String[] {"bl1nk:usage", "bl1nk:tasks", "bl1nk:audit", "bl1nk:gateway:api-key:x"}) {
                admin.call("DEL", PREFIX + key);
            }
        }
    }

    @Test
    void ragMayOnlyAppendUsageAndAuditAndWorkItsIngestStream() throws IOException {
        try (RedisUsers.Resp rag = as("rag")) {
            assertThat(rag.call("XADD", PREFIX + "bl1nk:usage", "*", "model", "m"))
                    .isNotBlank();
            assertThat(rag.call("XADD", PREFIX + "bl1nk:ingest", "*", "doc", "d"))
                    .isNotBlank();
            refused(rag, "XRANGE", PREFIX + "bl1nk:usage", "-", "+"); // appends, never reads what billing consumes
            refused(rag, "DEL", PREFIX + "bl1nk:usage"); // nor deletes or trims it
            refused(rag, "XTRIM", PREFIX + "bl1nk:usage", "MAXLEN", "0");
            refused(rag, "SET", PREFIX + "bl1nk:usage", "x");
            refused(rag, "SCAN", "0");
            refused(rag, "GET", PREFIX + "bl1nk:gateway:api-key:x"); // the gateway's key cache
            refused(rag, "SET", PREFIX + "bl1nk:gateway:api-key:x", "{forged}");
            refused(rag, "XADD", PREFIX + "bl1nk:tasks", "*", "task", "t"); // task-service's queue
            refused(rag, "FLUSHALL");
            refused(rag, "KEYS", "*");
            refused(rag, "CONFIG", "GET", "*");
            refused(rag, "GET", "some-other-app:secret"); // keys outside bl1nk entirely
        }
    }

    @Test
    void theGatewayAloneWorksItsKeyCacheAndConsumesAudit() throws IOException {
        try (RedisUsers.Resp gateway = as("gateway")) {
            assertThat(gateway.call("SET", PREFIX + "bl1nk:gateway:api-key:x", "sealed"))
                    .isEqualTo("OK");
            assertThat(gateway.call("GET", PREFIX + "bl1nk:gateway:api-key:x")).isEqualTo("sealed");
            gateway.call("XRANGE", PREFIX + "bl1nk:audit", "-", "+");
            refused(gateway, "XADD", PREFIX + "bl1nk:tasks", "*", "task", "t");
        }
        try (RedisUsers.Resp billing = as("billing")) {
            billing.call("XRANGE", PREFIX + "bl1nk:usage", "-", "+");
            refused(billing, "GET", PREFIX + "bl1nk:gateway:api-key:x");
        }
        try (RedisUsers.Resp task = as("task")) {
            assertThat(task.call("XADD", PREFIX + "bl1nk:tasks", "*", "task", "t"))
                    .isNotBlank();
            refused(task, "XRANGE", PREFIX + "bl1nk:usage", "-", "+");
            refused(task, "GET", PREFIX + "bl1nk:gateway:api-key:x");
        }
        try (RedisUsers.Resp mcp = as("mcp")) {
            assertThat(mcp.call("XADD", PREFIX + "bl1nk:audit", "*", "a", "b")).isNotBlank();
            refused(mcp, "XRANGE", PREFIX + "bl1nk:audit", "-", "+");
            refused(mcp, "DEL", PREFIX + "bl1nk:audit");
            refused(mcp, "XTRIM", PREFIX + "bl1nk:audit", "MAXLEN", "0");
        }
    }

    @Test
    void aWrongPasswordIsRefused() throws IOException {
        try (RedisUsers.Resp someone = RedisUsers.Resp.connect(HOST, PORT)) {
            assertThatThrownBy(() -> someone.call("AUTH", RedisUsers.userOf("rag", PREFIX), "not-the-password"))
                    .hasMessageContaining("WRONGPASS");
        }
    }

    private static RedisUsers.Resp as(String workload) throws IOException {
        RedisUsers.Resp connection = RedisUsers.Resp.connect(HOST, PORT);
        connection.call("AUTH", RedisUsers.userOf(workload, PREFIX), PASSWORDS.get(workload));
        return connection;
    }

    private static void refused(RedisUsers.Resp connection, String... command) {
        assertThatThrownBy(() -> connection.call(command))
                .as(String.join(" ", command))
                .hasMessageContaining("NOPERM");
    }
}
