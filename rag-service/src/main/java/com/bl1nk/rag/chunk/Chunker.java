package com.bl1nk.rag.chunk;

import com.bl1nk.rag.parse.Block;
import com.bl1nk.rag.parse.ParsedDocument;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Cuts a parsed document into chunks that respect its structure: a chunk never spans two sections or pages, keeps whole
 * paragraphs when they fit, and falls back to sentences, then token windows, for long ones.
 */
public final class Chunker {

    private Chunker() {}

    /** Chunks {@code document} under {@code settings}; chunk offsets index {@link ParsedDocument#text()}. */
    public static List<Chunk> chunk(ParsedDocument document, ChunkingSettings settings) {
        String text = document.text();
        List<Chunk> chunks = new ArrayList<>();
        List<Block> section = new ArrayList<>();
        for (Block block : document.blocks()) {
            // A new heading path or a new page starts a new section: citations name one section and one page.
            if (!section.isEmpty()
                    && (!section.getFirst().headingPath().equals(block.headingPath())
                            || !Objects.equals(section.getFirst().page(), block.page()))) {
                chunkSection(text, section, settings, chunks);
                section.clear();
            }
            section.add(block);
        }
        if (!section.isEmpty()) {
            chunkSection(text, section, settings, chunks);
        }
        return chunks;
    }

    private record Unit(int start, int end, int tokens, Integer page) {}

    private static void chunkSection(String text, List<Block> blocks, ChunkingSettings settings, List<Chunk> out) {
        List<Unit> units = new ArrayList<>();
        for (Block block : blocks) {
            splitBlock(text, block, settings.maxTokens(), units);
        }
        List<String> headingPath = blocks.getFirst().headingPath();
        List<Unit> current = new ArrayList<>();
        int currentTokens = 0;
        for (Unit unit : units) {
            if (!current.isEmpty() && currentTokens + unit.tokens() > settings.maxTokens()) {
                out.add(toChunk(text, out.size(), headingPath, current));
                List<Unit> overlap = overlap(current, settings.overlapTokens(), settings.maxTokens() - unit.tokens());
                current = new ArrayList<>(overlap);
                currentTokens = current.stream().mapToInt(Unit::tokens).sum();
            }
            current.add(unit);
            currentTokens += unit.tokens();
        }
        if (!current.isEmpty()) {
            out.add(toChunk(text, out.size(), headingPath, current));
        }
    }

    /** Trailing units of the emitted chunk worth repeating: within the overlap budget, never the whole chunk. */
    private static List<Unit> overlap(List<Unit> emitted, int overlapTokens, int room) {
        int budget = Math.min(overlapTokens, room);
        List<Unit> tail = new ArrayList<>();
        int tokens = 0;
        for (int i = emitted.size() - 1; i > 0; i--) {
            Unit u = emitted.get(i);
            if (tokens + u.tokens() > budget) {
                break;
            }
            tail.addFirst(u);
            tokens += u.tokens();
        }
        return tail;
    }

    private static void splitBlock(String text, Block block, int maxTokens, List<Unit> units) {
        int tokens = TokenEstimator.count(text, block.start(), block.end());
        if (tokens <= maxTokens) {
            units.add(new Unit(block.start(), block.end(), tokens, block.page()));
            return;
        }
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        String blockText = text.substring(block.start(), block.end());
        sentences.setText(blockText);
        int from = sentences.first();
        for (int to = sentences.next(); to != BreakIterator.DONE; from = to, to = sentences.next()) {
            int start = block.start() + from;
            int end = block.start() + trimEnd(blockText, from, to);
            if (end <= start) {
                continue;
            }
            int sentenceTokens = TokenEstimator.count(text, start, end);
            if (sentenceTokens <= maxTokens) {
                units.add(new Unit(start, end, sentenceTokens, block.page()));
                continue;
            }
            int windowStart = start;
            while (windowStart < end) {
                int windowEnd = TokenEstimator.cut(text, windowStart, end, maxTokens);
                int trimmed =
                        block.start() + trimEnd(blockText, windowStart - block.start(), windowEnd - block.start());
                if (trimmed > windowStart) {
                    units.add(new Unit(
                            windowStart, trimmed, TokenEstimator.count(text, windowStart, trimmed), block.page()));
                }
                windowStart = skipSpace(text, windowEnd, end);
            }
        }
    }

    private static int trimEnd(String s, int from, int to) {
        int end = to;
        while (end > from && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static int skipSpace(String s, int from, int limit) {
        int i = from;
        while (i < limit && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static Chunk toChunk(String text, int index, List<String> headingPath, List<Unit> units) {
        int start = units.getFirst().start();
        int end = units.getLast().end();
        Integer page = units.stream()
                .map(Unit::page)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        String content = text.substring(start, end);
        return new Chunk(index, content, headingPath, page, start, end, TokenEstimator.count(content));
    }
}
