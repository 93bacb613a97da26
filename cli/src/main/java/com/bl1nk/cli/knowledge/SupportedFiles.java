package com.bl1nk.cli.knowledge;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which files {@code kb upload} sends: the formats rag-service ingests (plain text, Markdown, HTML, PDF, DOCX) by file
 * extension; hidden files and directories ({@code .git}) are skipped, symbolic links not followed.
 */
public final class SupportedFiles {

    /** Most files one upload takes, so a mistyped directory (a home directory) does not send everything. */
    public static final int MAX_FILES = 5_000;

    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /** Extension to the content type declared on upload (the server sniffs the bytes itself). */
    static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("txt", "text/plain"),
            Map.entry("text", "text/plain"),
            Map.entry("log", "text/plain"),
            Map.entry("rst", "text/plain"),
            Map.entry("adoc", "text/plain"),
            Map.entry("csv", "text/csv"),
            Map.entry("tsv", "text/tab-separated-values"),
            Map.entry("md", "text/markdown"),
            Map.entry("markdown", "text/markdown"),
            Map.entry("html", "text/html"),
            Map.entry("htm", "text/html"),
            Map.entry("xhtml", "application/xhtml+xml"),
            Map.entry("pdf", "application/pdf"),
            Map.entry("docx", DOCX));

    private SupportedFiles() {}

    /**
     * One file to upload.
     *
     * @param path where it is
     * @param name its name in the knowledge base: the path relative to the uploaded directory, with {@code /}
     * @param contentType the type declared for it
     * @param size its size in bytes
     */
    public record Found(Path path, String name, String contentType, long size) {}

    /**
     * What was found under a directory.
     *
     * @param files the supported files, sorted by name
     * @param skipped how many regular files were left out as unsupported
     */
    public record Scan(List<Found> files, int skipped) {}

    /** The declared type of a file name, if the format is supported. */
    public static Optional<String> typeOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT)));
    }

    /** The supported files under {@code root} (or {@code root} itself when it is a file). */
    public static Scan scan(Path root) throws IOException {
        List<Found> found = new ArrayList<>();
        int[] skipped = {0};
        if (Files.isRegularFile(root)) {
            Optional<String> type = typeOf(root.getFileName().toString());
            if (type.isPresent()) {
                found.add(new Found(root, root.getFileName().toString(), type.get(), Files.size(root)));
            } else {
                skipped[0]++;
            }
            return new Scan(found, skipped[0]);
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (!attrs.isRegularFile() || hidden(file)) {
                    return FileVisitResult.CONTINUE;
                }
                Optional<String> type = typeOf(file.getFileName().toString());
                if (type.isEmpty()) {
                    skipped[0]++;
                    return FileVisitResult.CONTINUE;
                }
                String name = root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                found.add(new Found(file, name, type.get(), attrs.size()));
                return found.size() > MAX_FILES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                skipped[0]++;
                return FileVisitResult.CONTINUE;
            }
        });
        found.sort(java.util.Comparator.comparing(Found::name));
        return new Scan(found, skipped[0]);
    }

    private static boolean hidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }
}
