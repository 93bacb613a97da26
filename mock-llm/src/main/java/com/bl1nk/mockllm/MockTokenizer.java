package com.bl1nk.mockllm;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic, documented token counting so tests can compute expected usage numbers without asking the server.
 *
 * <p>Rule: a token is either a maximal run of letters and digits ({@link Character#isLetterOrDigit(int)}) or a single
 * other non-whitespace character. Whitespace is never a token; it belongs to the token that follows it (trailing
 * whitespace belongs to the last token). So {@code "Hello, world!"} is 4 tokens: {@code "Hello"}, {@code ","},
 * {@code " world"}, {@code "!"}. Concatenating {@link #pieces(String)} gives the text back exactly, which is how
 * streamed chunks are cut.
 *
 * <p>Prompt tokens of a chat request are {@code sum over messages of (PER_MESSAGE_OVERHEAD + count(message text))},
 * where the message text is its string content, or its text parts, plus for assistant messages the name and arguments
 * of each tool call. Tool definitions, names and roles are not counted.
 */
public final class MockTokenizer {

    /** Fixed number of tokens added per chat message to the prompt count. */
    public static final int PER_MESSAGE_OVERHEAD = 4;

    private MockTokenizer() {}

    /** Number of tokens in {@code text}; 0 for null, empty or whitespace-only text. */
    public static int count(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        int tokens = 0;
        int i = 0;
        int length = text.length();
        while (i < length) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                i += Character.charCount(cp);
            } else if (Character.isLetterOrDigit(cp)) {
                tokens++;
                while (i < length && Character.isLetterOrDigit(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
            } else {
                tokens++;
                i += Character.charCount(cp);
            }
        }
        return tokens;
    }

    /** The text cut into tokens, each with the whitespace before it; joining them gives {@code text} back. */
    public static List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return pieces;
        }
        int length = text.length();
        int start = 0;
        int i = 0;
        while (i < length) {
            int cp = text.codePointAt(i);
            if (Character.isWhitespace(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            if (Character.isLetterOrDigit(cp)) {
                while (i < length && Character.isLetterOrDigit(text.codePointAt(i))) {
                    i += Character.charCount(text.codePointAt(i));
                }
            } else {
                i += Character.charCount(cp);
            }
            pieces.add(text.substring(start, i));
            start = i;
        }
        if (start < length) {
            if (pieces.isEmpty()) {
                pieces.add(text.substring(start));
            } else {
                int last = pieces.size() - 1;
                pieces.set(last, pieces.get(last) + text.substring(start));
            }
        }
        return pieces;
    }

    /** The first {@code maxTokens} tokens of {@code text} (with their leading whitespace). */
    public static String truncate(String text, int maxTokens) {
        List<String> pieces = pieces(text);
        if (pieces.size() <= maxTokens) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < maxTokens; i++) {
            out.append(pieces.get(i));
        }
        return out.toString();
    }

    /** Prompt tokens for chat messages whose texts (see the class comment) are given. */
    public static int countPrompt(List<String> messageTexts) {
        int total = 0;
        for (String text : messageTexts) {
            total += PER_MESSAGE_OVERHEAD + count(text);
        }
        return total;
    }
}
