package com.bl1nk.rag;

import com.bl1nk.rag.embedding.LocalMiniLm;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Entry point of the rag-service. */
@SpringBootApplication
public class RagApplication {

    public static void main(String[] args) {
        // Before anything can load the embedding model: DJL must not phone home.
        LocalMiniLm.optOutOfTracking();
        SpringApplication.run(RagApplication.class, args);
    }
}
