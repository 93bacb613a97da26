package com.bl1nk.cli.sse;

/**
 * One server-sent event.
 *
 * @param id the {@code id:} (a task stream's entry id, sent back as {@code Last-Event-ID} to resume), or {@code null}
 * @param event the {@code event:} name ({@code message} when the server sent none)
 * @param data the {@code data:} lines joined by newlines
 */
public record SseEvent(String id, String event, String data) {}
