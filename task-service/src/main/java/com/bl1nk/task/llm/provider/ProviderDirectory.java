package com.bl1nk.task.llm.provider;

import com.bl1nk.common.crypto.SecretBox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.llm.LlmProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers "which providers may this tenant's call use": its own enabled providers (credentials decrypted) first, then
 * the platform's (in mock mode the platform's one provider is mock-llm). A tenant's providers work in both modes: mock
 * mode only replaces the platform providers, so a tenant that brings its own key is served by it even on an offline
 * installation. Tenant rows are cached briefly so the hot path does not hit Postgres.
 */
@Component
public class ProviderDirectory {

    /** Name of the provider mock mode routes to. */
    public static final String MOCK_PROVIDER = "mock-llm";

    private static final Logger log = LoggerFactory.getLogger(ProviderDirectory.class);
    private static final Duration TENANT_CACHE_TTL = Duration.ofSeconds(5);

    private final LlmProperties properties;
    private final ProviderRepository repository;
    private final ObjectProvider<SecretBox> secrets;
    private final JsonMapper json;
    private final List<ProviderConfig> platform;
    private final Map<UUID, Cached> tenantCache = new ConcurrentHashMap<>();

    @Autowired
    ProviderDirectory(
            LlmProperties properties,
            ProviderRepository repository,
            ObjectProvider<SecretBox> secrets,
            JsonMapper json) {
        this(properties, repository, secrets, json, System.getenv());
    }

    ProviderDirectory(
            LlmProperties properties,
            ProviderRepository repository,
            ObjectProvider<SecretBox> secrets,
            JsonMapper json,
            Map<String, String> environment) {
        this.properties = properties;
        this.repository = repository;
        this.secrets = secrets;
        this.json = json;
        this.platform = properties.mode() == LlmProperties.Mode.MOCK
                ? List.of(mockProvider())
                : properties.providers().isEmpty() ? EnvironmentProviders.from(environment) : platformProviders();
    }

    /** Whether every call goes to mock-llm. */
    public boolean mockMode() {
        return properties.mode() == LlmProperties.Mode.MOCK;
    }

    /** The platform providers (in mock mode: mock-llm only). */
    public List<ProviderConfig> platform() {
        return platform;
    }

    /** Tenant providers first (they are the tenant's explicit choice), then the platform's (mock mode: mock-llm). */
    public List<ProviderConfig> forTenant(UUID tenantId) {
        List<ProviderConfig> all = new ArrayList<>(tenantProviders(tenantId));
        all.addAll(platform);
        return all;
    }

    /** Forgets the cached providers of a tenant after a change. */
    void invalidate(UUID tenantId) {
        tenantCache.remove(tenantId);
    }

    private List<ProviderConfig> tenantProviders(UUID tenantId) {
        long now = System.nanoTime();
        Cached cached = tenantCache.get(tenantId);
        if (cached != null && cached.expiresAtNanos - now > 0) {
            return cached.providers;
        }
        List<ProviderConfig> providers = new ArrayList<>();
        for (ProviderRecord r : repository.enabled(tenantId)) {
            try {
                providers.add(toConfig(r, credentials(r)));
            } catch (RuntimeException e) {
                log.error("tenant provider {} of tenant {} cannot be used: {}", r.id(), tenantId, e.getMessage());
            }
        }
        List<ProviderConfig> result = List.copyOf(providers);
        tenantCache.put(tenantId, new Cached(result, now + TENANT_CACHE_TTL.toNanos()));
        return result;
    }

    ProviderCredentials credentials(ProviderRecord r) {
        if (r.credentialsEnc() == null) {
            return ProviderCredentials.none();
        }
        return json.readValue(box().decrypt(r.credentialsEnc(), r.tenantId()), ProviderCredentials.class);
    }

    String encrypt(ProviderCredentials credentials, UUID tenantId) {
        return box().encrypt(json.writeValueAsString(credentials), tenantId);
    }

    private SecretBox box() {
        SecretBox box = secrets.getIfAvailable();
        if (box == null) {
            throw ApiException.of(
                    TaskErrorCode.SECRETS_UNAVAILABLE,
                    "Provider credentials cannot be stored or read: the service has no master key (set BL1NK_MASTER_KEY)");
        }
        return box;
    }

    static ProviderConfig toConfig(ProviderRecord r, ProviderCredentials c) {
        return new ProviderConfig(
                "tenant:" + r.tenantId() + ":" + r.id(),
                r.name(),
                r.kind(),
                r.tenantId(),
                r.id(),
                r.baseUrl(),
                c.apiKey(),
                c.headers(),
                r.region(),
                c.awsAccessKeyId(),
                c.awsSecretAccessKey(),
                r.models());
    }

    private ProviderConfig mockProvider() {
        List<ModelDefinition> models = new ArrayList<>();
        for (String id : properties.mockModels()) {
            models.add(new ModelDefinition(id, id, 128_000, true));
        }
        return new ProviderConfig(
                "platform:" + MOCK_PROVIDER,
                MOCK_PROVIDER,
                ProviderKind.MOCK,
                null,
                null,
                properties.mockBaseUrl(),
                null,
                Map.of(),
                null,
                null,
                null,
                models);
    }

    private List<ProviderConfig> platformProviders() {
        List<ProviderConfig> list = new ArrayList<>();
        for (LlmProperties.PlatformProvider p : properties.providers()) {
            ProviderKind kind = ProviderKind.fromWire(p.kind());
            if (kind == null) {
                throw new IllegalStateException("bl1nk.task.llm.providers[" + p.name() + "].kind must be one of"
                        + " openai_compatible, bedrock, mock; was " + p.kind());
            }
            if (kind != ProviderKind.BEDROCK
                    && (p.baseUrl() == null || p.baseUrl().isBlank())) {
                throw new IllegalStateException("bl1nk.task.llm.providers[" + p.name() + "].base-url is required");
            }
            List<ModelDefinition> models = new ArrayList<>();
            for (LlmProperties.Model m : p.models()) {
                models.add(new ModelDefinition(m.id(), m.upstreamId(), m.contextWindow(), m.supportsTools()));
            }
            list.add(new ProviderConfig(
                    "platform:" + p.name(),
                    p.name(),
                    kind,
                    null,
                    null,
                    p.baseUrl(),
                    p.apiKey(),
                    p.headers(),
                    p.region(),
                    blankToNull(p.accessKeyId()),
                    blankToNull(p.secretAccessKey()),
                    models));
        }
        return List.copyOf(list);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private record Cached(List<ProviderConfig> providers, long expiresAtNanos) {}
}
