package com.bl1nk.task.loop;

/** Text bounds and timings shared by the steps. */
final class StepTexts {

    private StepTexts() {}

    static String abbreviate(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "…[truncated]";
    }

    static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}
