package com.bl1nk.rag.embedding;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-in all-MiniLM-L6-v2 (quantized) model, loaded once per JVM. DJL, which tokenizes for it, phones home
 * unless {@code OPT_OUT_TRACKING} is set, so the property is set here before the model class is touched.
 */
public final class LocalMiniLm {

    /** Provider name of the built-in model. */
    public static final String PROVIDER = "local";
    /** Model name of the built-in model. */
    public static final String MODEL = "all-minilm-l6-v2";
    /** Dimension of the built-in model's vectors. */
    public static final int DIMENSION = 384;

    static {
        optOutOfTracking();
    }

    private LocalMiniLm() {}

    /** Makes DJL skip its telemetry and cloud metadata probes; idempotent, safe to call from every launch path. */
    public static void optOutOfTracking() {
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    /** Embeds {@code texts} as one batch spread over the cores; vectors are L2-normalised by the model. */
    public static List<float[]> embed(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String text : texts) {
            segments.add(TextSegment.from(text.isBlank() ? " " : text));
        }
        List<Embedding> embeddings = Holder.MODEL.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(embeddings.size());
        for (Embedding embedding : embeddings) {
            vectors.add(embedding.vector());
        }
        return vectors;
    }

    /** Loads the model now (it is otherwise loaded on first use). */
    public static void warmUp() {
        embed(List.of("warm up"));
    }

    /** Lazy holder: the ONNX session is created on first use and shared by the whole JVM. */
    private static final class Holder {
        static final AllMiniLmL6V2QuantizedEmbeddingModel MODEL = load();

        private static AllMiniLmL6V2QuantizedEmbeddingModel load() {
            optOutOfTracking();
            // The default executor spreads a batch over one thread per core.
            return new AllMiniLmL6V2QuantizedEmbeddingModel();
        }
    }
}
