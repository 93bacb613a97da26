package com.bl1nk.cli.config;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The login, kept in {@code ~/.config/bl1nk/config.json} (or {@code $XDG_CONFIG_HOME/bl1nk}, or the file
 * {@code BL1NK_CONFIG} names), readable by its owner only (mode 600, directory 700). {@code BL1NK_URL} and
 * {@code BL1NK_API_KEY} win over it.
 */
public final class ConfigStore {

    /** Where a fresh {@code ./bl1nk up} serves the gateway. */
    public static final String DEFAULT_URL = "http://localhost:8080";

    private final Path file;
    private final Map<String, String> env;
    private final JsonMapper json;

    public ConfigStore(Path file, Map<String, String> env, JsonMapper json) {
        this.file = file;
        this.env = env;
        this.json = json;
    }

    /** The config file this environment uses. */
    public static Path fileFor(Map<String, String> env) {
        String explicit = env.get("BL1NK_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path dir = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return dir.resolve("bl1nk").resolve("config.json");
    }

    public Path file() {
        return file;
    }

    /** URL and key to use: {@code --url} first, then the environment, then the config file, then the default URL. */
    public Credentials resolve(String urlFlag) {
        Map<String, String> stored = read();
        String url;
        String urlSource;
        if (urlFlag != null && !urlFlag.isBlank()) {
            url = urlFlag.strip();
            urlSource = "--url";
        } else if (nonBlank(env.get("BL1NK_URL"))) {
            url = env.get("BL1NK_URL").strip();
            urlSource = "BL1NK_URL";
        } else if (nonBlank(stored.get("url"))) {
            url = stored.get("url");
            urlSource = file.toString();
        } else {
            url = DEFAULT_URL;
            urlSource = "the default";
        }
        String key = null;
        String keySource = null;
        if (nonBlank(env.get("BL1NK_API_KEY"))) {
            key = env.get("BL1NK_API_KEY").strip();
            keySource = "BL1NK_API_KEY";
        } else if (nonBlank(stored.get("key"))) {
            key = stored.get("key");
            keySource = file.toString();
        }
        return new Credentials(url, key, urlSource, keySource);
    }

    /** Writes URL and key; the file is created with mode 600 before the key is written to it. */
    public void save(String url, String key) throws IOException {
        Map<String, String> content = new LinkedHashMap<>();
        content.put("url", url);
        content.put("key", key);
        write(content);
    }

    /** Forgets the key (keeps the URL); whether there was one. */
    public boolean forgetKey() throws IOException {
        Map<String, String> stored = new LinkedHashMap<>(read());
        if (stored.remove("key") == null) {
            return false;
        }
        write(stored);
        return true;
    }

    /** What the file holds; empty when it is missing or unreadable. */
    public Map<String, String> read() {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            JsonNode node = json.readTree(Files.readString(file));
            Map<String, String> out = new LinkedHashMap<>();
            for (String field : new String[] {"url", "key"}) {
                Optional.ofNullable(node.get(field))
                        .filter(JsonNode::isString)
                        .ifPresent(v -> out.put(field, v.asString()));
            }
            return out;
        } catch (IOException | JacksonException e) {
            return Map.of();
        }
    }

    private void write(Map<String, String> content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (posix) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (posix) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp);
        }
        Files.writeString(
                tmp,
                json.writerWithDefaultPrettyPrinter().writeValueAsString(content) + "\n",
                StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (posix) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    private static boolean nonBlank(String s) {
        return s != null && !s.isBlank();
    }
}
