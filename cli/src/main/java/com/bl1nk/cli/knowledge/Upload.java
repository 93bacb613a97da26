package com.bl1nk.cli.knowledge;

import com.bl1nk.cli.Context;
import com.bl1nk.cli.ExitCodes;
import com.bl1nk.cli.api.ApiClient;
import com.bl1nk.cli.api.ApiError;
import com.bl1nk.cli.progress.Bars;
import com.bl1nk.cli.progress.ProgressBoard;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kb upload KB DIR}: sends every supported file, one after the other with a bar for the file and one for the
 * whole upload, then follows ingestion until each document is {@code ready} or {@code failed} (a bar per document in
 * work and one overall). Exit code 3 when any file failed, 4 when ingestion outlasted the timeout.
 */
final class Upload {

    /** How often ingestion is polled. */
    static final Duration POLL = Duration.ofMillis(300);
    /** Above this many documents in work, one list call per page replaces one call per document. */
    static final int PER_DOCUMENT_POLL_LIMIT = 20;
    /** Documents in work shown as bars at once (the rest are counted). */
    static final int LIVE_ROWS = 8;

    private final Context context;
    private final ApiClient api;
    private final ProgressBoard board;
    private final LongSupplier nanos;
    private final int columns;

    Upload(Context context, ApiClient api, ProgressBoard board, LongSupplier nanos) {
        this.context = context;
        this.api = api;
        this.board = board;
        this.nanos = nanos;
        this.columns = context.io().columns();
    }

    /** One file's way through upload and ingestion. */
    static final class Item {
        final SupportedFiles.Found file;
        String id;
        String status = "pending";
        String error;
        boolean deduplicated;
        int progress;
        int chunks;

        Item(SupportedFiles.Found file) {
            this.file = file;
        }

        boolean done() {
            return status.equals("ready") || status.equals("failed");
        }
    }

    int run(String kbId, String kbLabel, SupportedFiles.Scan scan, boolean wait, Duration timeout) throws IOException {
        List<Item> items = scan.files().stream().map(Item::new).toList();
        if (scan.skipped() > 0) {
            board.log("skipping " + scan.skipped() + " unsupported file(s) (supported: "
                    + String.join(
                            " ", SupportedFiles.TYPES.keySet().stream().sorted().toList()) + ")");
        }
        upload(kbId, items);
        boolean timedOut = false;
        if (wait && items.stream().anyMatch(i -> i.id != null)) {
            timedOut = !ingest(kbId, items, timeout);
        }
        board.close();
        long ready = items.stream().filter(i -> i.status.equals("ready")).count();
        long failed = items.stream().filter(i -> i.status.equals("failed")).count();
        long processing = items.size() - ready - failed;
        if (context.jsonOutput()) {
            ObjectNode out = context.object().put("knowledgeBaseId", kbId);
            ArrayNode docs = out.putArray("documents");
            for (Item i : items) {
                ObjectNode d = docs.addObject()
                        .put("name", i.file.name())
                        .put("path", i.file.path().toString())
                        .put("id", i.id)
                        .put("status", i.status)
                        .put("deduplicated", i.deduplicated)
                        .put("chunkCount", i.chunks);
                if (i.error != null) {
                    d.put("error", i.error);
                }
            }
            out.put("ready", ready).put("failed", failed).put("processing", processing);
            context.printJson(out);
        } else {
            StringBuilder line = new StringBuilder(
                    items.size() + " file(s) to " + kbLabel + ": " + ready + " ready, " + failed + " failed");
            if (processing > 0) {
                line.append(", ").append(processing).append(wait ? " still processing" : " processing");
            }
            context.io().out().println(line);
        }
        if (failed > 0) {
            return ExitCodes.FAILED;
        }
        return timedOut ? ExitCodes.TIMED_OUT : ExitCodes.OK;
    }

    private void upload(String kbId, List<Item> items) throws IOException {
        long totalBytes = items.stream().mapToLong(i -> i.file.size()).sum();
        long doneBytes = 0;
        int n = items.size();
        for (int k = 0; k < n; k++) {
            Item item = items.get(k);
            String counter = "[" + (k + 1) + "/" + n + "]";
            byte[] content;
            try {
                content = Files.readAllBytes(item.file.path());
            } catch (IOException e) {
                item.status = "failed";
                item.error = "cannot read " + item.file.path() + ": " + e.getMessage();
                board.log("failed   " + counter + " " + item.file.name() + ": " + item.error);
                continue;
            }
            long before = doneBytes;
            int index = k;
            drawUpload(item, 0, content.length, before, totalBytes, index, n, true);
            try {
                JsonNode doc = api.upload(
                        "/api/v1/knowledge-bases/" + kbId + "/documents",
                        item.file.name(),
                        item.file.contentType(),
                        content,
                        sent -> drawUpload(item, sent, content.length, before, totalBytes, index, n, false));
                item.id = Context.text(doc, "id");
                item.status = Context.text(doc, "status");
                item.deduplicated = doc.path("deduplicated").asBoolean(false);
                item.progress = doc.path("progress").asInt(0);
                item.chunks = doc.path("chunkCount").asInt(0);
                item.error = Context.text(doc, "failureReason");
                board.log("uploaded " + counter + " " + item.file.name() + " (" + Bars.bytes(content.length) + ")"
                        + (item.deduplicated ? ", unchanged: already in the knowledge base" : ""));
            } catch (ApiError e) {
                item.status = "failed";
                item.error = e.getMessage();
                board.log("failed   " + counter + " " + item.file.name() + ": " + e.getMessage());
            }
            doneBytes += content.length;
        }
        board.live(List.of(Bars.line("upload", 1, n + "/" + n + " files " + Bars.bytes(doneBytes), columns)), true);
    }

    private void drawUpload(
            Item item, long sent, long size, long before, long totalBytes, int index, int n, boolean force) {
        if (!board.tty()) {
            return;
        }
        double file = size == 0 ? 1 : (double) sent / size;
        double all = totalBytes == 0 ? (double) index / n : (double) (before + sent) / totalBytes;
        board.live(
                List.of(
                        Bars.line(item.file.name(), file, Bars.bytes(sent) + "/" + Bars.bytes(size), columns),
                        Bars.line(
                                "upload",
                                all,
                                (index + 1) + "/" + n + " files " + Bars.bytes(before + sent) + "/"
                                        + Bars.bytes(totalBytes),
                                columns)),
                force);
    }

    /** Polls until every uploaded document is ready or failed; false when the timeout came first. */
    private boolean ingest(String kbId, List<Item> items, Duration timeout) {
        List<Item> tracked = items.stream().filter(i -> i.id != null).toList();
        long deadline = nanos.getAsLong() + timeout.toNanos();
        int finished = 0;
        for (Item i : tracked) {
            if (i.done()) {
                finished++;
                logIngested(i, finished, tracked.size());
            }
        }
        while (true) {
            List<Item> pending = tracked.stream().filter(i -> !i.done()).toList();
            drawIngest(tracked, pending);
            if (pending.isEmpty()) {
                return true;
            }
            if (nanos.getAsLong() > deadline) {
                for (Item i : pending) {
                    board.log("waiting  " + i.file.name() + ": still " + i.status + " after " + timeout.toSeconds()
                            + " s (./bl1nk kb docs " + kbId + " shows it later)");
                }
                return false;
            }
            for (Map.Entry<Item, JsonNode> seen : poll(kbId, pending).entrySet()) {
                Item i = seen.getKey();
                JsonNode d = seen.getValue();
                i.status = Context.text(d, "status") == null ? i.status : Context.text(d, "status");
                i.progress = d.path("progress").asInt(i.progress);
                i.chunks = d.path("chunkCount").asInt(i.chunks);
                i.error = Context.text(d, "failureReason");
                if (i.done()) {
                    finished++;
                    logIngested(i, finished, tracked.size());
                }
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private Map<Item, JsonNode> poll(String kbId, List<Item> pending) {
        Map<Item, JsonNode> seen = new LinkedHashMap<>();
        String base = "/api/v1/knowledge-bases/" + kbId + "/documents";
        if (pending.size() <= PER_DOCUMENT_POLL_LIMIT) {
            for (Item i : pending) {
                try {
                    seen.put(i, api.get(base + "/" + i.id));
                } catch (ApiError e) {
                    if (e.status() == 404) {
                        i.status = "failed";
                        i.error = "the document was deleted while it was ingested";
                    } else if (e.status() != 0 && e.status() < 500) {
                        throw e;
                    } // a connection hiccup or a 5xx: try again on the next round
                }
            }
            return seen;
        }
        Map<String, Item> byId = new HashMap<>();
        pending.forEach(i -> byId.put(i.id, i));
        String cursor = null;
        for (int page = 0; page < 1 + SupportedFiles.MAX_FILES / 200 && seen.size() < pending.size(); page++) {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("limit", 200);
            params.put("cursor", cursor);
            JsonNode listed = api.get(ApiClient.query(base, params));
            for (JsonNode d : listed.path("items")) {
                Item i = byId.get(Context.text(d, "id"));
                if (i != null) {
                    seen.put(i, d);
                }
            }
            cursor = Context.text(listed, "nextCursor");
            if (cursor == null) {
                break;
            }
        }
        return seen;
    }

    private void logIngested(Item i, int finished, int total) {
        String counter = "[" + finished + "/" + total + "]";
        if (i.status.equals("ready")) {
            board.log("ready    " + counter + " " + i.file.name() + " (" + i.chunks + " chunks)");
        } else {
            board.log("failed   " + counter + " " + i.file.name() + ": "
                    + (i.error == null ? "ingestion failed" : i.error));
        }
    }

    private void drawIngest(List<Item> tracked, List<Item> pending) {
        if (!board.tty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (Item i : pending.subList(0, Math.min(LIVE_ROWS, pending.size()))) {
            lines.add(Bars.line(i.file.name(), i.progress / 100.0, i.status, columns));
        }
        if (pending.size() > LIVE_ROWS) {
            lines.add("  … and " + (pending.size() - LIVE_ROWS) + " more in work");
        }
        int done = tracked.size() - pending.size();
        double overall =
                tracked.stream().mapToInt(i -> i.done() ? 100 : i.progress).sum() / (100.0 * tracked.size());
        lines.add(Bars.line("ingest", overall, done + "/" + tracked.size() + " documents", columns));
        board.live(lines, pending.isEmpty());
    }
}
