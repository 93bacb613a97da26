package com.bl1nk.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DiversityTests {

    private static Hit hit(UUID document) {
        return new Hit(UUID.randomUUID(), UUID.randomUUID(), document, "d", 0, "c", List.of(), null, 0, 1, 0.5);
    }

    @Test
    void capsChunksPerDocumentAndFillsFromTheOverflowWhenNothingElseIsLeft() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        List<Hit> ranked = List.of(hit(a), hit(a), hit(a), hit(b), hit(a));

        List<Hit> capped = Diversity.capPerDocument(ranked, 2, 4);

        assertThat(capped).extracting(Hit::documentId).containsExactly(a, a, b, a);
        assertThat(capped.get(3)).isSameAs(ranked.get(2));
        assertThat(Diversity.capPerDocument(ranked, 0, 3)).containsExactlyElementsOf(ranked.subList(0, 3));
    }

    @Test
    void weightedFusionFollowsTheHeavierList() {
        Hit x = hit(UUID.randomUUID());
        Hit y = hit(UUID.randomUUID());
        List<List<Hit>> lists =
                List.of(List.of(x.withScore(0.9), y.withScore(0.4)), List.of(y.withScore(7), x.withScore(2)));

        assertThat(ReciprocalRankFusion.fuse(lists, new double[] {2, 1}, 60, 2).getFirst())
                .extracting(Hit::chunkId)
                .isEqualTo(x.chunkId());
        assertThat(ReciprocalRankFusion.fuseScores(lists, new double[] {1, 2}, 2)
                        .getFirst())
                .extracting(Hit::chunkId)
                .isEqualTo(y.chunkId());
    }
}
