package com.bl1nk.rag.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTests {

    private static Hit hit(UUID id) {
        return new Hit(id, UUID.randomUUID(), UUID.randomUUID(), "d", 0, "c", List.of(), null, 0, 1, 0.5);
    }

    @Test
    void chunksFoundByBothListsRankFirst() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        UUID c = UUID.randomUUID();
        List<Hit> vector = List.of(hit(a), hit(b));
        List<Hit> keyword = List.of(hit(c), hit(b));

        List<Hit> fused = ReciprocalRankFusion.fuse(List.of(vector, keyword), 60, 3);

        assertThat(fused).extracting(Hit::chunkId).first().isEqualTo(b);
        assertThat(fused.getFirst().score()).isEqualTo(2.0 / 62, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(fused).hasSize(3);
    }

    @Test
    void limitsTheResult() {
        List<Hit> list = List.of(hit(UUID.randomUUID()), hit(UUID.randomUUID()), hit(UUID.randomUUID()));
        assertThat(ReciprocalRankFusion.fuse(List.of(list), 60, 2)).hasSize(2);
        assertThat(ReciprocalRankFusion.fuse(List.of(List.of(), List.of()), 60, 5))
                .isEmpty();
    }

    @Test
    void snippetCentresOnQueryWords() {
        String content = "filler ".repeat(80) + "the timeout parameter controls waiting " + "filler ".repeat(80);
        String snippet = Snippets.snippet(content, "What does the timeout parameter do?");
        assertThat(snippet).contains("timeout parameter").startsWith("…").endsWith("…");
        assertThat(snippet.length()).isLessThanOrEqualTo(Snippets.LENGTH + 2);
    }
}
