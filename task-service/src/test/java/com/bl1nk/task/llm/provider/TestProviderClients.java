package com.bl1nk.task.llm.provider;

import java.net.http.HttpClient;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;

/** Gives tests of other llm packages a real provider client, which stays package-private in production code. */
public final class TestProviderClients {

    private TestProviderClients() {}

    /** An OpenAI-compatible client that trusts every URL (loopback test providers). */
    public static ProviderClient openAiCompatible(HttpClient http, JsonMapper json) {
        return new OpenAiCompatibleClient(http, http, json, Clock.systemUTC());
    }
}
