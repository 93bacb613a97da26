package com.bl1nk.rag.embedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalMiniLmTests {

    @Test
    void embedsOfflineWithDjlTrackingOptedOut() {
        List<float[]> vectors = LocalMiniLm.embed(List.of(
                "How do I reset my password?", "Steps to recover a forgotten password", "Bananas are yellow fruit"));

        assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        assertThat(vectors).hasSize(3).allSatisfy(v -> assertThat(v).hasSize(LocalMiniLm.DIMENSION));
        assertThat(norm(vectors.get(0))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(dot(vectors.get(0), vectors.get(1))).isGreaterThan(dot(vectors.get(0), vectors.get(2)));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(float[] a) {
        return Math.sqrt(dot(a, a));
    }
}
