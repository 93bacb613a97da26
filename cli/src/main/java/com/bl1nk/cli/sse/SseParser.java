package com.bl1nk.cli.sse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads {@code text/event-stream} as the HTML living standard defines it: fields {@code id}, {@code event},
 * {@code data} (several joined by a newline), one optional space after the colon, comment lines (heartbeats) ignored, a
 * blank line dispatching the event, CR, LF or CRLF line ends. A line longer than {@link #MAX_LINE_CHARS} ends the
 * stream with an error instead of growing without bound.
 */
public final class SseParser {

    /** Longest line accepted (an event's JSON is far below it). */
    public static final int MAX_LINE_CHARS = 4 * 1024 * 1024;

    private final BufferedReader reader;
    private String lastId;

    public SseParser(InputStream in) {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The id of the last event read (what to resume from), or {@code null}. */
    public String lastId() {
        return lastId;
    }

    /** The next event, or empty at the end of the stream (a partial event at the end is dropped, as browsers do). */
    public Optional<SseEvent> next() throws IOException {
        String id = null;
        String event = null;
        StringBuilder data = null;
        String line;
        while ((line = readLine()) != null) {
            if (line.isEmpty()) {
                if (data == null) {
                    // a blank line without data dispatches nothing (the id still counts, as the standard says)
                    if (id != null) {
                        lastId = id;
                    }
                    id = null;
                    event = null;
                    continue;
                }
                if (id != null) {
                    lastId = id;
                }
                return Optional.of(new SseEvent(id, event == null ? "message" : event, data.toString()));
            }
            if (line.startsWith(":")) {
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value.contains("\0") ? id : value;
                case "event" -> event = value;
                case "data" -> {
                    if (data == null) {
                        data = new StringBuilder(value);
                    } else {
                        data.append('\n').append(value);
                    }
                }
                default -> {
                    // retry and unknown fields: nothing to do for this client
                }
            }
        }
        return Optional.empty();
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) != -1) {
            if (c == '\n') {
                return line.toString();
            }
            if (c == '\r') {
                reader.mark(1);
                int after = reader.read();
                if (after != '\n' && after != -1) {
                    reader.reset();
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE_CHARS) {
                throw new IOException("an event stream line is longer than " + MAX_LINE_CHARS + " characters");
            }
            line.append((char) c);
        }
        return line.isEmpty() ? null : line.toString();
    }
}
