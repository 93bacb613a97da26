package com.bl1nk.task.llm.provider;

import java.util.Map;

/** The secret part of a tenant provider, stored as one encrypted JSON document and never returned by the API. */
record ProviderCredentials(
        String apiKey, String awsAccessKeyId, String awsSecretAccessKey, Map<String, String> headers) {

    ProviderCredentials {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    static ProviderCredentials none() {
        return new ProviderCredentials(null, null, null, Map.of());
    }

    boolean hasApiKey() {
        return apiKey != null && !apiKey.isEmpty();
    }

    boolean hasAwsKeys() {
        return awsAccessKeyId != null && !awsAccessKeyId.isEmpty();
    }
}
