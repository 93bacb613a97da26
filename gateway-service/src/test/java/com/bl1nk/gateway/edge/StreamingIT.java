package com.bl1nk.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.bl1nk.gateway.support.GatewayIntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.MockResponse;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;

/** Streams must pass the gateway event by event: the upstream here cannot finish until the client saw event one. */
class StreamingIT extends GatewayIntegrationTest {

    @Test
    void serverSentEventsPassThroughUnbuffered() {
        streamThrough("/api/v1/tasks/" + UUID.randomUUID() + "/events");
    }

    @Test
    void streamedChatCompletionsPassThroughUnbuffered() {
        streamThrough("/v1/chat/completions");
    }

    private void streamThrough(String path) {
        TestTenant tenant = newTenant("edge-sse");
        CountDownLatch clientSawFirstEvent = new CountDownLatch(1);
        AtomicBoolean upstreamFinished = new AtomicBoolean();
        TASK.script(
                path,
                () -> new MockResponse.Builder()
                        .code(200)
                        .setHeader("Content-Type", "text/event-stream")
                        .setHeader("Cache-Control", "no-cache")
                        .body(new TwoEventBody(clientSawFirstEvent, upstreamFinished))
                        // The body writes its own chunk framing so each event is flushed as it is written.
                        .removeHeader("Content-Length")
                        .setHeader("Transfer-Encoding", "chunked")
                        .build());
        List<ServerSentEvent<String>> received = new CopyOnWriteArrayList<>();
        AtomicBoolean completed = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();

        Disposable subscription = WebClient.create("http://127.0.0.1:" + port)
                .get()
                .uri(path)
                .header(HttpHeaders.AUTHORIZATION, bearer(tenant.ownerKey()))
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
                .timeout(Duration.ofSeconds(30))
                .subscribe(received::add, failure::set, () -> completed.set(true));
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> !received.isEmpty() || failure.get() != null);
            assertThat(failure.get()).isNull();
            assertThat(received).extracting(ServerSentEvent::id).containsExactly("1");
            assertThat(upstreamFinished)
                    .as("upstream still holds the stream open")
                    .isFalse();

            clientSawFirstEvent.countDown();

            await().atMost(Duration.ofSeconds(15)).untilTrue(completed);
            assertThat(received).extracting(ServerSentEvent::event).containsExactly("step", "done");
            assertThat(upstreamFinished).isTrue();
        } finally {
            clientSawFirstEvent.countDown();
            subscription.dispose();
        }
    }

    /** Writes event one, then waits for the test to see it through the gateway before writing event two. */
    private record TwoEventBody(CountDownLatch clientSawFirstEvent, AtomicBoolean finished)
            implements MockResponseBody {

        @Override
        public long getContentLength() {
            return -1;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            chunk(sink, "id: 1\nevent: step\ndata: {\"n\":1}\n\n");
            try {
                if (!clientSawFirstEvent.await(20, TimeUnit.SECONDS)) {
                    throw new IOException("the client never saw the first event");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            chunk(sink, "id: 2\nevent: done\ndata: {\"n\":2}\n\n");
            finished.set(true);
            sink.writeUtf8("0\r\n\r\n");
            sink.flush();
        }

        private static void chunk(BufferedSink sink, String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            sink.writeUtf8(Integer.toHexString(bytes.length)).writeUtf8("\r\n");
            sink.write(bytes).writeUtf8("\r\n");
            sink.flush();
        }
    }
}
