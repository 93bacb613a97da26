package com.bl1nk.task.llm.provider;

import java.util.Locale;

/** The wire protocol a provider speaks; it picks the client that translates a chat request for it. */
public enum ProviderKind {
    /** OpenAI's {@code /chat/completions} API: OpenAI, OpenRouter, Cloudflare AI Gateway, Ollama, vLLM. */
    OPENAI_COMPATIBLE,
    /** AWS Bedrock's Converse / ConverseStream API, signed with SigV4. */
    BEDROCK,
    /** bl1nk's mock-llm (OpenAI-compatible), the offline development default. */
    MOCK;

    /** The lower-case name used in JSON and in the database. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire name; {@code null} when unknown. */
    public static ProviderKind fromWire(String value) {
        if (value == null) {
            return null;
        }
        for (ProviderKind kind : values()) {
            if (kind.wireName().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        return null;
    }
}
