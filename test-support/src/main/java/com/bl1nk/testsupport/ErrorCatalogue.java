package com.bl1nk.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.bl1nk.common.error.CommonErrorCode;
import com.bl1nk.common.error.ErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.http.HttpStatus;

/**
 * Checks a service's error catalogue against its code: every problem code still written as a literal at a call site
 * must be in the catalogue (the service's enum or common-lib's {@link CommonErrorCode}) with the status it is sent
 * with, and {@code docs/errors/<service>.md} must be the catalogue as generated ({@code -Dbl1nk.errors.update=true}).
 */
public final class ErrorCatalogue {

    private static final String CODE = "\"([a-z][a-z0-9_]*)\"";
    private static final Map<String, HttpStatus> FACTORY_STATUS = Map.of(
            "badRequest", HttpStatus.BAD_REQUEST,
            "forbidden", HttpStatus.FORBIDDEN,
            "conflict", HttpStatus.CONFLICT,
            "unprocessable", HttpStatus.UNPROCESSABLE_CONTENT,
            "paymentRequired", HttpStatus.PAYMENT_REQUIRED,
            "tooManyRequests", HttpStatus.TOO_MANY_REQUESTS,
            "badGateway", HttpStatus.BAD_GATEWAY,
            "serviceUnavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "gatewayTimeout", HttpStatus.GATEWAY_TIMEOUT);
    private static final Pattern FACTORY = Pattern.compile(
            "ApiException\\.(" + String.join("|", FACTORY_STATUS.keySet()) + ")\\(\\s*" + CODE + "\\s*,");
    private static final Pattern WITH_STATUS = Pattern.compile("HttpStatus\\.([A-Z_]+)\\s*,\\s*" + CODE);
    /** A code-carrying exception built with a snake_case code (a one-word first argument is a message). */
    private static final Pattern EXCEPTION =
            Pattern.compile("new (\\w+Exception)\\(\\s*\"([a-z][a-z0-9]*_[a-z0-9_]+)\"\\s*,");

    private static final Pattern WRITER = Pattern.compile("ProblemWriter\\.write\\([^;]*?,\\s*" + CODE + "\\s*\\)");

    private ErrorCatalogue() {}

    /** A problem code written as a literal in source; {@code status} null when the exception type decides it. */
    public record Usage(String code, HttpStatus status, String where) {}

    /** The literal codes at the call sites of one Java source text. */
    public static List<Usage> usages(String source, String where) {
        List<Usage> found = new ArrayList<>();
        Matcher m = FACTORY.matcher(source);
        while (m.find()) {
            found.add(new Usage(m.group(2), FACTORY_STATUS.get(m.group(1)), where));
        }
        m = WITH_STATUS.matcher(source);
        while (m.find()) {
            found.add(new Usage(m.group(2), HttpStatus.valueOf(m.group(1)), where));
        }
        m = EXCEPTION.matcher(source);
        while (m.find()) {
            found.add(new Usage(m.group(2), null, where));
        }
        m = WRITER.matcher(source);
        while (m.find()) {
            found.add(new Usage(m.group(1), null, where));
        }
        return found;
    }

    /** The usages in {@code source} the catalogue does not hold (unknown code, or known with another status). */
    public static List<Usage> uncatalogued(List<Usage> usages, List<? extends ErrorCode> catalogue) {
        Set<String> codes = new HashSet<>();
        Set<String> pairs = new HashSet<>();
        Stream.concat(catalogue.stream(), Stream.of(CommonErrorCode.values())).forEach(c -> {
            codes.add(c.code());
            pairs.add(c.code() + " " + c.status().value());
        });
        return usages.stream()
                .filter(u -> u.status() == null
                        ? !codes.contains(u.code())
                        : !pairs.contains(u.code() + " " + u.status().value()))
                .toList();
    }

    /** Fails when a literal code under {@code <module>/src/main/java} is missing from the catalogue. */
    public static void assertCatalogued(List<? extends ErrorCode> catalogue) {
        Path sources = Path.of("src/main/java").toAbsolutePath();
        List<Usage> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                all.addAll(usages(
                        Files.readString(file, StandardCharsets.UTF_8),
                        sources.relativize(file).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(uncatalogued(all, catalogue))
                .as("problem codes used at call sites but missing from the error catalogue (add them to the enum)")
                .isEmpty();
    }

    /** Fails when two entries share a code and a status, or a service entry repeats a common-lib one. */
    public static void assertUnique(List<? extends ErrorCode> catalogue) {
        Set<String> seen = new HashSet<>();
        for (CommonErrorCode c : CommonErrorCode.values()) {
            seen.add(c.code() + " " + c.status().value());
        }
        for (ErrorCode c : catalogue) {
            assertThat(seen.add(c.code() + " " + c.status().value()))
                    .as("%s (%s) is catalogued twice", c.code(), c.status().value())
                    .isTrue();
        }
    }

    /** Writes ({@code -Dbl1nk.errors.update=true}) or compares {@code docs/errors/<service>.md}. */
    public static void assertDocumented(String service, List<? extends ErrorCode> catalogue) {
        String doc = ErrorCode.table(
                service + " error codes",
                "Generated by `ErrorCatalogueTests` of " + service + " from its error catalogue (do not edit;"
                        + " regenerate with `./bl1nk test -Dbl1nk.errors.update=true`). Every problem+json body carries"
                        + " one of these in `code`, or one of the [common codes](common.md).",
                catalogue);
        assertDocFile(service, doc);
        assertDocFile(
                "common",
                ErrorCode.table(
                        "Common error codes",
                        "Generated from common-lib's `CommonErrorCode` by every service's `ErrorCatalogueTests` (do not"
                                + " edit; regenerate with `./bl1nk test -Dbl1nk.errors.update=true`): the codes any"
                                + " service may answer, besides its own.",
                        List.of(CommonErrorCode.values())));
    }

    /** Writes ({@code -Dbl1nk.errors.update=true}) or compares {@code docs/errors/<name>.md} with {@code doc}. */
    public static void assertDocFile(String name, String doc) {
        Path file = repositoryRoot().resolve("docs/errors/" + name + ".md");
        try {
            if (Boolean.getBoolean("bl1nk.errors.update")) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, doc, StandardCharsets.UTF_8);
                return;
            }
            assertThat(Files.exists(file))
                    .as("%s is missing: run ./bl1nk test -Dbl1nk.errors.update=true and commit it", file)
                    .isTrue();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                    .as("%s is out of date: regenerate with ./bl1nk test -Dbl1nk.errors.update=true", file)
                    .isEqualTo(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("bl1nk"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("not inside the bl1nk repository");
        }
        return dir;
    }
}
