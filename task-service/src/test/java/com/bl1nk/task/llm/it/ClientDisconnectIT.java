package com.bl1nk.task.llm.it;

import static com.bl1nk.testsupport.TestTenants.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.bl1nk.common.identity.IdentityHeaders;
import com.bl1nk.mockllm.Rule;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A client that hangs up in the middle of a streamed answer is an everyday event, not a failure of ours: it is logged
 * as "client went away" below WARN, never as an ERROR "unexpected error" with a stack trace.
 */
class ClientDisconnectIT extends LlmItBase {

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Level engineLevel;
    private Logger engine;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        engine = (Logger) LoggerFactory.getLogger("com.bl1nk.task.llm");
        engineLevel = engine.getLevel();
        engine.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(captured);
        engine.setLevel(engineLevel);
    }

    @Test
    void aClientThatHangsUpMidStreamIsLoggedAsGoneNotAsAnError() throws Exception {
        String words = "word ".repeat(400);
        for (var mock : List.of(MOCK_A, MOCK_B)) {
            mock.setRules(Rule.always().replyText(words).tokenDelay(Duration.ofMillis(20)));
        }
        String body = chat("mock-gpt", "tell me a long story", true);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                            + IdentityHeaders.IDENTITY + ": " + token(TENANT_A) + "\r\nContent-Length: " + bytes.length
                            + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            int chunks = 0;
            while ((line = in.readLine()) != null && chunks < 3) {
                if (line.startsWith("data: ")) {
                    chunks++;
                }
            }
            assertThat(chunks).as("the stream had begun").isEqualTo(3);
            socket.setSoLinger(true, 0); // hang up hard, as a killed client does
        }

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        events().stream().anyMatch(e -> e.getFormattedMessage().contains("client went away")));
        assertThat(events())
                .filteredOn(e -> e.getFormattedMessage().contains("client went away"))
                .allSatisfy(e ->
                        assertThat(e.getLevel().isGreaterOrEqual(Level.WARN)).isFalse());
        assertThat(events())
                .as("nothing at ERROR, no 'unexpected error'")
                .noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR))
                .noneSatisfy(e -> assertThat(e.getFormattedMessage()).containsIgnoringCase("unexpected error"));
    }

    private List<ILoggingEvent> events() {
        synchronized (captured) {
            return List.copyOf(captured.list);
        }
    }
}
