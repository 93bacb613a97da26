package com.bl1nk.rag.retrieval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A per-document cap on a ranked list, so near-duplicate chunks of one page do not crowd every other source out of
 * the top-k; chunks over the cap keep their order and fill the list only when nothing else is left.
 */
final class Diversity {

    private Diversity() {}

    /** The best {@code limit} hits of {@code ranked} with at most {@code perDocument} per document first (0: no cap). */
    static List<Hit> capPerDocument(List<Hit> ranked, int perDocument, int limit) {
        if (perDocument <= 0) {
            return ranked.size() > limit ? List.copyOf(ranked.subList(0, limit)) : ranked;
        }
        List<Hit> kept = new ArrayList<>(Math.min(limit, ranked.size()));
        List<Hit> overflow = new ArrayList<>();
        Map<UUID, Integer> perDoc = new HashMap<>();
        for (Hit hit : ranked) {
            if (kept.size() == limit) {
                break;
            }
            if (perDoc.merge(hit.documentId(), 1, Integer::sum) <= perDocument) {
                kept.add(hit);
            } else {
                overflow.add(hit);
            }
        }
        for (int i = 0; kept.size() < limit && i < overflow.size(); i++) {
            kept.add(overflow.get(i));
        }
        return kept;
    }
}
