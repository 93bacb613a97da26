package com.bl1nk.rag.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Reciprocal rank fusion (Cormack et al. 2009): each list contributes {@code 1 / (k + rank)} per chunk, so ranks
 * from incomparable scores (cosine vs ts_rank) combine without tuning.
 */
final class ReciprocalRankFusion {

    /** The constant from the paper; larger values flatten the head of each list. */
    static final int DEFAULT_K = 60;

    private ReciprocalRankFusion() {}

    /** Fuses ranked lists (best first) and returns the best {@code limit} hits with their fused scores. */
    static List<Hit> fuse(List<List<Hit>> rankings, int k, int limit) {
        Map<UUID, Hit> hits = new LinkedHashMap<>();
        Map<UUID, Double> scores = new LinkedHashMap<>();
        for (List<Hit> ranking : rankings) {
            for (int rank = 0; rank < ranking.size(); rank++) {
                Hit hit = ranking.get(rank);
                hits.putIfAbsent(hit.chunkId(), hit);
                scores.merge(hit.chunkId(), 1.0 / (k + rank + 1), Double::sum);
            }
        }
        List<Hit> fused = new ArrayList<>(hits.size());
        hits.forEach((id, hit) -> fused.add(hit.withScore(scores.get(id))));
        fused.sort(Comparator.comparingDouble(Hit::score)
                .reversed()
                .thenComparing(h -> h.chunkId().toString()));
        return fused.size() > limit ? List.copyOf(fused.subList(0, limit)) : fused;
    }
}
