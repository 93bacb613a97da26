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
        double[] weights = new double[rankings.size()];
        java.util.Arrays.fill(weights, 1.0);
        return fuse(rankings, weights, k, limit);
    }

    /** Weighted RRF: list {@code i} contributes {@code weights[i] / (k + rank)}. */
    static List<Hit> fuse(List<List<Hit>> rankings, double[] weights, int k, int limit) {
        Map<UUID, Hit> hits = new LinkedHashMap<>();
        Map<UUID, Double> scores = new LinkedHashMap<>();
        for (int list = 0; list < rankings.size(); list++) {
            List<Hit> ranking = rankings.get(list);
            for (int rank = 0; rank < ranking.size(); rank++) {
                Hit hit = ranking.get(rank);
                hits.putIfAbsent(hit.chunkId(), hit);
                scores.merge(hit.chunkId(), weights[list] / (k + rank + 1), Double::sum);
            }
        }
        List<Hit> fused = new ArrayList<>(hits.size());
        hits.forEach((id, hit) -> fused.add(hit.withScore(scores.get(id))));
        fused.sort(Comparator.comparingDouble(Hit::score)
                .reversed()
                .thenComparing(h -> h.chunkId().toString()));
        return top(fused, limit);
    }

    /** Weighted sum of each list's scores min-max normalised to 0..1 (a chunk missing from a list gets 0 there). */
    static List<Hit> fuseScores(List<List<Hit>> rankings, double[] weights, int limit) {
        Map<UUID, Hit> hits = new LinkedHashMap<>();
        Map<UUID, Double> scores = new LinkedHashMap<>();
        for (int list = 0; list < rankings.size(); list++) {
            List<Hit> ranking = rankings.get(list);
            double max = ranking.stream().mapToDouble(Hit::score).max().orElse(0);
            double min = ranking.stream().mapToDouble(Hit::score).min().orElse(0);
            for (Hit hit : ranking) {
                double normalised = max > min ? (hit.score() - min) / (max - min) : 1.0;
                hits.putIfAbsent(hit.chunkId(), hit);
                scores.merge(hit.chunkId(), weights[list] * normalised, Double::sum);
            }
        }
        List<Hit> fused = new ArrayList<>(hits.size());
        hits.forEach((id, hit) -> fused.add(hit.withScore(scores.get(id))));
        fused.sort(Comparator.comparingDouble(Hit::score)
                .reversed()
                .thenComparing(h -> h.chunkId().toString()));
        return top(fused, limit);
    }

    private static List<Hit> top(List<Hit> fused, int limit) {
        return fused.size() > limit ? List.copyOf(fused.subList(0, limit)) : fused;
    }
}
