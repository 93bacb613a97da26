package com.bl1nk.cli.knowledge;

import com.bl1nk.cli.Command;
import com.bl1nk.cli.Context;
import com.bl1nk.cli.ExitCodes;
import com.bl1nk.cli.api.ApiClient;
import com.bl1nk.cli.api.Lookup;
import com.bl1nk.cli.args.Args;
import com.bl1nk.cli.args.CommandSpec;
import com.bl1nk.cli.args.Flag;
import com.bl1nk.cli.args.UsageException;
import com.bl1nk.cli.output.Pages;
import com.bl1nk.cli.output.Table;
import com.bl1nk.cli.progress.Bars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code kb list|create|docs|upload}: knowledge bases and their documents. */
public final class KnowledgeBaseCommands {

    private KnowledgeBaseCommands() {}

    public static List<Command> all() {
        return List.of(new ListKnowledgeBases(), new CreateKnowledgeBase(), new ListDocuments(), new UploadCommand());
    }

    static final class ListKnowledgeBases implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "kb list",
                "list the tenant's knowledge bases",
                List.of(),
                List.of(),
                List.of(
                        Flag.value("limit", "N", "knowledge bases per page (1-200, default 50)"),
                        Flag.value("cursor", "CURSOR", "the page after this cursor")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            JsonNode page = context.api().get(ApiClient.query("/api/v1/knowledge-bases", paging(args, SPEC)));
            if (context.jsonOutput()) {
                context.printJson(page);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "ID", "EMBEDDING", "CHUNKING", "CREATED");
            for (JsonNode kb : page.path("items")) {
                JsonNode e = kb.path("embedding");
                JsonNode c = kb.path("chunking");
                table.row(
                        Context.text(kb, "name"),
                        Context.text(kb, "id"),
                        Context.text(e, "provider") + "/" + Context.text(e, "model") + " ("
                                + Context.text(e, "dimension") + ")",
                        Context.text(c, "maxTokens") + "/" + Context.text(c, "overlapTokens") + " tokens",
                        Context.text(kb, "createdAt"));
            }
            Pages.print(context, table, page, "knowledge bases", "./bl1nk kb create NAME");
            return ExitCodes.OK;
        }
    }

    static final class CreateKnowledgeBase implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "kb create",
                "create a knowledge base (local embeddings by default)",
                List.of("NAME"),
                List.of(),
                List.of(Flag.value("description", "TEXT", "what it holds")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            ObjectNode body = context.object().put("name", args.positionals().getFirst());
            args.value("description").ifPresent(d -> body.put("description", d));
            JsonNode created = context.api().post("/api/v1/knowledge-bases", body);
            if (context.jsonOutput()) {
                context.printJson(created);
            } else {
                context.io()
                        .out()
                        .println("created knowledge base " + Context.text(created, "name") + " ("
                                + Context.text(created, "id") + ")");
                context.io()
                        .out()
                        .println("add documents: ./bl1nk kb upload " + Context.text(created, "name") + " ./docs");
            }
            return ExitCodes.OK;
        }
    }

    static final class ListDocuments implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "kb docs",
                "list a knowledge base's documents with their ingestion status",
                List.of("KB"),
                List.of(),
                List.of(
                        Flag.value("limit", "N", "documents per page (1-200, default 50)"),
                        Flag.value("cursor", "CURSOR", "the page after this cursor")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) {
            ApiClient api = context.api();
            String kb = Lookup.knowledgeBaseId(api, args.positionals().getFirst());
            JsonNode page =
                    api.get(ApiClient.query("/api/v1/knowledge-bases/" + kb + "/documents", paging(args, SPEC)));
            if (context.jsonOutput()) {
                context.printJson(page);
                return ExitCodes.OK;
            }
            Table table = new Table("NAME", "STATUS", "CHUNKS", "SIZE", "ID", "REASON");
            for (JsonNode d : page.path("items")) {
                table.row(
                        Context.text(d, "name"),
                        Context.text(d, "status"),
                        Context.text(d, "chunkCount"),
                        Bars.bytes(d.path("sizeBytes").asLong()),
                        Context.text(d, "id"),
                        Context.text(d, "failureReason"));
            }
            Pages.print(
                    context,
                    table,
                    page,
                    "documents",
                    "./bl1nk kb upload " + args.positionals().getFirst() + " DIR");
            return ExitCodes.OK;
        }
    }

    static final class UploadCommand implements Command {

        private static final CommandSpec SPEC = new CommandSpec(
                "kb upload",
                "upload every supported file under DIR (.md .txt .html .pdf .docx ...) and wait until each is ingested",
                List.of("KB", "DIR"),
                List.of(),
                List.of(
                        Flag.value("timeout", "SECONDS", "longest wait for ingestion (default 600)"),
                        Flag.bool("no-wait", "return once uploaded, without waiting for ingestion")));

        @Override
        public CommandSpec spec() {
            return SPEC;
        }

        @Override
        public int run(Context context, Args args) throws IOException {
            Path dir = Path.of(args.positionals().get(1));
            if (!Files.exists(dir)) {
                throw new UsageException("DIR " + dir + " does not exist", SPEC.usage());
            }
            int timeout = args.intValue("timeout", 1, 86_400, SPEC.usage()).orElse(600);
            SupportedFiles.Scan scan = SupportedFiles.scan(dir);
            if (scan.files().isEmpty()) {
                throw new UsageException(
                        "no supported files under " + dir + " ("
                                + String.join(
                                        " ",
                                        SupportedFiles.TYPES.keySet().stream()
                                                .sorted()
                                                .toList()) + ")",
                        SPEC.usage());
            }
            if (scan.files().size() > SupportedFiles.MAX_FILES) {
                throw new UsageException(
                        "more than " + SupportedFiles.MAX_FILES + " files under " + dir
                                + "; upload its subdirectories one by one",
                        SPEC.usage());
            }
            ApiClient api = context.api();
            String kbArg = args.positionals().getFirst();
            String kb = Lookup.knowledgeBaseId(api, kbArg);
            return new Upload(context, api, context.progress(), System::nanoTime)
                    .run(kb, kbArg, scan, !args.has("no-wait"), Duration.ofSeconds(timeout));
        }
    }

    static Map<String, Object> paging(Args args, CommandSpec spec) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("limit", args.intValue("limit", 1, 200, spec.usage()).orElse(null));
        params.put("cursor", args.value("cursor").orElse(null));
        return params;
    }
}
