package com.bl1nk.task.llm.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Request and response bodies of the provider admin API; credentials go in, never out. */
final class ProviderRequests {

    private ProviderRequests() {}

    /** Name rule shared by the database check and validation. */
    static final String NAME_PATTERN = "^[a-z0-9][a-z0-9._-]{0,62}$";

    /**
     * Creates a provider.
     *
     * @param name unique per tenant, lower case
     * @param kind {@code openai_compatible} or {@code bedrock}
     * @param baseUrl OpenAI base URL incl. {@code /v1} (required for openai_compatible); Bedrock endpoint override
     * @param apiKey bearer key (openai_compatible); stored encrypted
     * @param headers extra headers (e.g. Cloudflare's {@code cf-aig-authorization}); values stored encrypted
     * @param region AWS region (bedrock)
     * @param awsAccessKeyId static AWS key id (bedrock); stored encrypted
     * @param awsSecretAccessKey static AWS secret (bedrock); stored encrypted
     * @param models models the provider serves
     * @param enabled whether routing may use it (default true)
     */
    public record CreateProvider(
            @NotBlank @Pattern(regexp = NAME_PATTERN, message = "must be lower case letters, digits, '.', '_' or '-'") String name,

            @NotBlank String kind,
            @Size(max = 2000) String baseUrl,
            @Size(max = 4000) String apiKey,
            @Size(max = 20) Map<String, @Size(max = 4000) String> headers,
            @Size(max = 64) String region,
            @Size(max = 256) String awsAccessKeyId,
            @Size(max = 256) String awsSecretAccessKey,
            @NotNull @Size(min = 1, max = 200) List<@Valid @NotNull ModelInput> models,
            Boolean enabled) {}

    /**
     * Changes a provider; absent fields stay as they are, an empty {@code apiKey} removes the key.
     */
    public record UpdateProvider(
            @Pattern(regexp = NAME_PATTERN, message = "must be lower case letters, digits, '.', '_' or '-'") String name,

            @Size(max = 2000) String baseUrl,
            @Size(max = 4000) String apiKey,
            @Size(max = 20) Map<String, @Size(max = 4000) String> headers,
            @Size(max = 64) String region,
            @Size(max = 256) String awsAccessKeyId,
            @Size(max = 256) String awsSecretAccessKey,
            @Size(min = 1, max = 200) List<@Valid @NotNull ModelInput> models,
            Boolean enabled) {}

    /**
     * One served model.
     *
     * @param id the id clients use
     * @param upstreamId the id sent to the provider, default {@code id}
     * @param contextWindow tokens
     * @param supportsTools whether tools work
     */
    public record ModelInput(
            @NotBlank @Size(max = 200) String id,
            @Size(max = 200) String upstreamId,
            @Min(1) @Max(100_000_000) Integer contextWindow,
            Boolean supportsTools) {}

    /**
     * A provider as the API shows it: no key, no secret, no header values.
     *
     * @param hasApiKey whether an API key is stored
     * @param hasAwsKeys whether static AWS keys are stored
     * @param headerNames names of the extra headers sent
     */
    public record ProviderView(
            UUID id,
            String name,
            String kind,
            String baseUrl,
            String region,
            List<String> headerNames,
            List<ModelDefinition> models,
            boolean enabled,
            boolean hasApiKey,
            boolean hasAwsKeys,
            Instant createdAt,
            Instant updatedAt) {}
}
