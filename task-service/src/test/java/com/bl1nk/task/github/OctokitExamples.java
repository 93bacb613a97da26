package com.bl1nk.task.github;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real webhook payloads from the community-maintained {@code @octokit/webhooks-examples} npm package, fetched once into
 * {@code target/} with the machine's npm.
 */
final class OctokitExamples {

    private static final String PACKAGE = "@octokit/webhooks-examples@7.6.1";
    private static final Path DIR = Path.of("target", "octokit-webhooks-examples");
    private static JsonNode index;

    private OctokitExamples() {}

    /** A deep copy of the first example of this event and action. */
    static synchronized ObjectNode example(String event, String action) throws IOException, InterruptedException {
        for (JsonNode entry : index()) {
            if (!entry.path("name").asString().equals(event)) {
                continue;
            }
            for (JsonNode example : entry.path("examples")) {
                if (action.equals(example.path("action").asString(null))) {
                    return (ObjectNode) example.deepCopy();
                }
            }
        }
        throw new IllegalArgumentException("no example for " + event + "." + action);
    }

    private static JsonNode index() throws IOException, InterruptedException {
        if (index == null) {
            Path file = DIR.resolve("package/api.github.com/index.json");
            if (!Files.exists(file)) {
                fetch();
            }
            index = JsonMapper.builder().build().readTree(file.toFile());
        }
        return index;
    }

    private static void fetch() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        run(new ProcessBuilder("npm", "pack", PACKAGE, "--silent"));
        try (var files = Files.list(DIR)) {
            Path tarball = files.filter(p -> p.toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("npm pack produced no tarball for " + PACKAGE));
            run(new ProcessBuilder("tar", "xzf", tarball.getFileName().toString()));
        }
    }

    private static void run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process =
                builder.directory(DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", builder.command()) + " failed: " + output);
        }
    }
}
