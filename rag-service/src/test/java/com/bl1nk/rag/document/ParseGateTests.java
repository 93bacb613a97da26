package com.bl1nk.rag.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.rag.error.RagErrorCode;
import com.bl1nk.rag.parse.DocumentRejectedException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParseGateTests {

    @Test
    void aParseThatRunsPastTheLimitIsRefusedAndInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        try (ParseGate gate = new ParseGate(1, Duration.ofMillis(200))) {
            assertThatThrownBy(() -> gate.run(() -> {
                        try {
                            new CountDownLatch(1).await(); // a parser that never finishes
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                        }
                        return "never";
                    }))
                    .isInstanceOfSatisfying(
                            DocumentRejectedException.class,
                            e -> assertThat(e.code()).isEqualTo("parse_timeout"));
            assertThat(interrupted.await(5, TimeUnit.SECONDS))
                    .as("the parser thread was interrupted")
                    .isTrue();
            // and the thread is free again for the next document
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(gate.run(() -> "parsed")).isEqualTo("parsed"));
        }
    }

    @Test
    void withEveryParserBusyAnUploadIsTurnedAwayAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        try (ParseGate gate = new ParseGate(1, Duration.ofSeconds(30))) {
            Thread first = Thread.ofPlatform()
                    .start(() -> gate.run(() -> {
                        started.countDown();
                        release.await();
                        finished.set(true);
                        return "slow";
                    }));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> gate.run(() -> "second")).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.getStatusCode().value()).isEqualTo(503);
                assertThat(e.code()).isEqualTo("parser_busy");
                assertThat(e.getHeaders().getFirst("Retry-After")).isEqualTo("5");
            });
            release.countDown();
            first.join(5_000);
            assertThat(finished).isTrue();
        }
    }

    @Test
    void aParsersOwnRejectionPassesThrough() {
        try (ParseGate gate = new ParseGate(1, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> gate.run(() -> {
                        throw new DocumentRejectedException(
                                RagErrorCode.EMPTY_DOCUMENT, "the document contains no text");
                    }))
                    .isInstanceOfSatisfying(
                            DocumentRejectedException.class,
                            e -> assertThat(e.code()).isEqualTo("empty_document"));
        }
    }

    @Test
    void oneTenantsStuckDocumentsLeaveAParserForTheOthers() throws Exception {
        java.util.UUID greedy = java.util.UUID.randomUUID();
        java.util.UUID other = java.util.UUID.randomUUID();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (ParseGate gate = new ParseGate(2, Duration.ofSeconds(30))) {
            Thread stuck = Thread.ofPlatform()
                    .start(() -> gate.run(greedy, () -> {
                        started.countDown();
                        release.await();
                        return "late";
                    }));
            assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
            // the greedy tenant has used its share (all threads but one)
            assertThatThrownBy(() -> gate.run(greedy, () -> "second"))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo("parser_busy"));
            // another tenant still gets the remaining parser
            assertThat(gate.run(other, () -> "parsed")).isEqualTo("parsed");
            release.countDown();
            stuck.join(5_000);
            // and once its parse has really ended, the greedy tenant may parse again
            assertThat(gate.run(greedy, () -> "again")).isEqualTo("again");
        }
    }
}
