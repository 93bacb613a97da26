package com.bl1nk.common.errortracking;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/** A loopback stand-in for a Sentry ingest: keeps every envelope posted to it, with the headers it came with. */
final class FakeSentryIngest implements AutoCloseable {

    record Envelope(String path, String authHeader, String body) {}

    private final HttpServer server;
    private final List<Envelope> envelopes = new CopyOnWriteArrayList<>();

    FakeSentryIngest() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
            InputStream in = new ByteArrayInputStream(raw);
            if (encoding != null && encoding.contains("gzip")) {
                in = new GZIPInputStream(in);
            }
            envelopes.add(new Envelope(
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("X-Sentry-Auth"),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            byte[] reply = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    /** A DSN pointing here, project 42. */
    String dsn() {
        return "http://0123456789abcdef@127.0.0.1:" + server.getAddress().getPort() + "/42";
    }

    List<Envelope> envelopes() {
        return envelopes;
    }

    /** Envelopes carrying an event (not client reports or sessions). */
    List<Envelope> events() {
        return envelopes.stream()
                .filter(e -> e.body().contains("\"type\":\"event\""))
                .toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
