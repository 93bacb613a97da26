package com.bl1nk.testsupport;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * When a test fails because something timed out, prints a dump of every thread (platform and virtual) while the
 * stall is still in place, so a hang seen once in CI can be diagnosed from its output instead of guessed at. The dump
 * also goes to {@code target/thread-dumps/}. The failure itself is rethrown unchanged.
 */
public class ThreadDumpOnTimeout implements TestExecutionExceptionHandler {

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (isTimeout(failure)) {
            dump(
                    context.getDisplayName() + " in "
                            + context.getRequiredTestClass().getSimpleName(),
                    failure);
        }
        throw failure;
    }

    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName().toLowerCase(Locale.ROOT);
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (name.contains("timeout") || message.contains("timeout") || message.contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    private static void dump(String test, Throwable failure) {
        StringBuilder out = new StringBuilder();
        out.append("==== thread dump after a timeout in ")
                .append(test)
                .append(" at ")
                .append(Instant.now())
                .append(": ")
                .append(failure)
                .append('\n');
        for (Map.Entry<Thread, StackTraceElement[]> entry :
                Thread.getAllStackTraces().entrySet()) {
            Thread thread = entry.getKey();
            out.append('"')
                    .append(thread.getName())
                    .append("\" ")
                    .append(thread.getState())
                    .append('\n');
            for (StackTraceElement frame : entry.getValue()) {
                out.append("    at ").append(frame).append('\n');
            }
        }
        System.out.println(out);
        try {
            Path dir = Files.createDirectories(Path.of("target", "thread-dumps"));
            Path file = dir.resolve("dump-" + System.currentTimeMillis() + ".json");
            // Includes virtual threads, which Thread.getAllStackTraces() leaves out.
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            System.out.println("==== full dump with virtual threads: " + file.toAbsolutePath());
        } catch (IOException | RuntimeException e) {
            System.out.println("==== could not write the full thread dump: " + e);
        }
    }
}
