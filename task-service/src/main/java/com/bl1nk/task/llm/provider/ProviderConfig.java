package com.bl1nk.task.llm.provider;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Everything needed to call one provider, with credentials decrypted; lives only in memory for the length of a call.
 *
 * @param key stable key for health and breakers: {@code platform:<name>} or {@code tenant:<tenantId>:<providerId>}
 * @param name the provider name shown in headers, usage events and the price book lookup
 * @param kind wire protocol
 * @param tenantId owning tenant, or {@code null} for a platform provider
 * @param providerId database id of a tenant provider, or {@code null}
 * @param baseUrl OpenAI-compatible base URL including {@code /v1}, or a Bedrock endpoint override (may be null)
 * @param apiKey bearer key for OpenAI-compatible providers, or {@code null}
 * @param headers extra headers sent on every call (e.g. OpenRouter's {@code HTTP-Referer})
 * @param region AWS region for Bedrock
 * @param awsAccessKeyId static AWS key id for Bedrock, or {@code null} for the default credentials chain
 * @param awsSecretAccessKey static AWS secret for Bedrock
 * @param models the models this provider serves
 */
public record ProviderConfig(
        String key,
        String name,
        ProviderKind kind,
        UUID tenantId,
        UUID providerId,
        String baseUrl,
        String apiKey,
        Map<String, String> headers,
        String region,
        String awsAccessKeyId,
        String awsSecretAccessKey,
        List<ModelDefinition> models) {

    public ProviderConfig {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        models = models == null ? List.of() : List.copyOf(models);
    }

    /** Whether tenant-controlled settings (base URL) must pass the SSRF guard. */
    public boolean tenantOwned() {
        return tenantId != null;
    }

    /** The declared model with this id, or {@code null}. */
    public ModelDefinition model(String id) {
        for (ModelDefinition m : models) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return "ProviderConfig[" + key + ", " + kind.wireName() + ", " + baseUrl + "]";
    }
}
