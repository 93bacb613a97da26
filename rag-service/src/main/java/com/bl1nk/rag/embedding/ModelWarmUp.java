package com.bl1nk.rag.embedding;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads the ONNX model in the background once the app is up, so the first upload or query does not pay the load
 * time (which could also outlast the stream reclaim idle time and cause a needless second delivery).
 */
@Component
class ModelWarmUp {

    private static final Logger log = LoggerFactory.getLogger(ModelWarmUp.class);

    @EventListener(ApplicationReadyEvent.class)
    void warmUp() {
        Thread.ofVirtual().name("minilm-warm-up").start(() -> {
            long started = System.nanoTime();
            try {
                LocalMiniLm.warmUp();
                log.info(
                        "Embedding model {} loaded in {} ms",
                        LocalMiniLm.MODEL,
                        (System.nanoTime() - started) / 1_000_000);
            } catch (RuntimeException | LinkageError e) {
                log.warn("Embedding model warm-up failed; it loads on first use: {}", e.toString());
            }
        });
    }
}
