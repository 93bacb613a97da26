package com.bl1nk.cli.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SseParserTests {

    private static List<SseEvent> parse(String stream) throws IOException {
        SseParser parser = new SseParser(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        List<SseEvent> events = new ArrayList<>();
        Optional<SseEvent> e;
        while ((e = parser.next()).isPresent()) {
            events.add(e.get());
        }
        return events;
    }

    @Test
    void readsIdEventAndDataOfEachEvent() throws IOException {
        List<SseEvent> events = parse("""
                id:1-0
                event:queued
                data:{"taskId":"t"}

                id: 2-0
                event: started
                data: {"attempt":1}

                """);

        assertThat(events)
                .containsExactly(
                        new SseEvent("1-0", "queued", "{\"taskId\":\"t\"}"),
                        new SseEvent("2-0", "started", "{\"attempt\":1}"));
    }

    @Test
    void joinsSeveralDataLinesWithNewlinesAndKeepsFurtherSpaces() throws IOException {
        assertThat(parse("data: first\ndata:  second\n\n"))
                .containsExactly(new SseEvent(null, "message", "first\n second"));
    }

    @Test
    void ignoresHeartbeatCommentsAndUnknownFieldsAndAcceptsCrlfAndCr() throws IOException {
        List<SseEvent> events =
                parse(": heartbeat\r\nretry: 1000\r\nevent: a\r\ndata: x\r\n\r\n:hb\revent: b\rdata: y\r\r");

        assertThat(events).containsExactly(new SseEvent(null, "a", "x"), new SseEvent(null, "b", "y"));
    }

    @Test
    void remembersTheLastIdToResumeFrom() throws IOException {
        SseParser parser = new SseParser(
                new ByteArrayInputStream("id: 5-1\ndata: a\n\ndata: b\n\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(parser.next()).isPresent();
        assertThat(parser.lastId()).isEqualTo("5-1");
        assertThat(parser.next().orElseThrow().id()).isNull();
        assertThat(parser.lastId()).isEqualTo("5-1");
        assertThat(parser.next()).isEmpty();
    }

    @Test
    void dropsAnEventCutOffBeforeItsBlankLine() throws IOException {
        assertThat(parse("event: a\ndata: whole\n\nevent: b\ndata: cut"))
                .containsExactly(new SseEvent(null, "a", "whole"));
    }

    @Test
    void aBlankLineWithoutDataDispatchesNothing() throws IOException {
        assertThat(parse("event: lonely\n\n\ndata: z\n\n")).containsExactly(new SseEvent(null, "message", "z"));
    }
}
