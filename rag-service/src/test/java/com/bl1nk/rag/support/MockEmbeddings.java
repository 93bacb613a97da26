package com.bl1nk.rag.support;

import com.bl1nk.mockllm.MockLlmConfig;
import com.bl1nk.mockllm.MockLlmServer;

/** The in-process OpenAI-compatible provider the ITs' provider-backed knowledge bases embed with, one per test JVM. */
public final class MockEmbeddings {

    private static volatile MockLlmServer server;

    private MockEmbeddings() {}

    /** The running mock provider, started on first use and stopped when the JVM exits. */
    public static MockLlmServer server() {
        MockLlmServer current = server;
        if (current == null) {
            synchronized (MockEmbeddings.class) {
                current = server;
                if (current == null) {
                    current = MockLlmServer.start(MockLlmConfig.defaults().port(0));
                    Runtime.getRuntime().addShutdownHook(new Thread(current::close));
                    server = current;
                }
            }
        }
        return current;
    }
}
