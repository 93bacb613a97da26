package com.bl1nk.task.llm.provider;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.net.UrlBlockedException;
import com.bl1nk.common.net.UrlGuard;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.task.error.TaskErrorCode;
import com.bl1nk.task.llm.provider.ProviderRequests.CreateProvider;
import com.bl1nk.task.llm.provider.ProviderRequests.ModelInput;
import com.bl1nk.task.llm.provider.ProviderRequests.ProviderView;
import com.bl1nk.task.llm.provider.ProviderRequests.UpdateProvider;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Validates and stores tenant providers, encrypting their credentials and checking base URLs against SSRF. */
@Service
class ProviderAdmin {

    private static final Pattern HEADER_NAME = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$");
    private static final Set<String> FORBIDDEN_HEADERS = Set.of(
            "host",
            "connection",
            "content-length",
            "content-type",
            "expect",
            "upgrade",
            "transfer-encoding",
            "te",
            "trailer",
            "keep-alive",
            "proxy-authorization",
            "x-bl1nk-identity");

    private final ProviderRepository repository;
    private final ProviderDirectory directory;
    private final UrlGuard urlGuard;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final AuditOutbox audit;

    ProviderAdmin(
            ProviderRepository repository,
            ProviderDirectory directory,
            UrlGuard urlGuard,
            Clock clock,
            TransactionTemplate tx,
            AuditOutbox audit) {
        this.repository = repository;
        this.directory = directory;
        this.urlGuard = urlGuard;
        this.clock = clock;
        this.tx = tx;
        this.audit = audit;
    }

    public ProviderView create(Identity identity, CreateProvider request) {
        requireAdmin(identity);
        ProviderKind kind = ProviderKind.fromWire(request.kind());
        if (kind == null || kind == ProviderKind.MOCK) {
            throw ApiException.invalidField("kind", "must be openai_compatible or bedrock");
        }
        String baseUrl = checkBaseUrl(kind, request.baseUrl());
        String region = checkRegion(kind, request.region());
        Map<String, String> headers = checkHeaders(request.headers());
        List<ModelDefinition> models = models(request.models());
        if (repository.nameTaken(identity.tenantId(), request.name(), null)) {
            throw ApiException.of(
                    TaskErrorCode.PROVIDER_NAME_TAKEN, "A provider named '" + request.name() + "' exists");
        }
        ProviderCredentials credentials = new ProviderCredentials(
                blankToNull(request.apiKey()),
                blankToNull(request.awsAccessKeyId()),
                blankToNull(request.awsSecretAccessKey()),
                headers);
        checkAwsPair(credentials);
        requireOwnAwsCredentials(kind, credentials);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ProviderRecord record = new ProviderRecord(
                UUID.randomUUID(),
                identity.tenantId(),
                request.name(),
                kind,
                baseUrl,
                region,
                directory.encrypt(credentials, identity.tenantId()),
                List.copyOf(headers.keySet()),
                models,
                request.enabled() == null || request.enabled(),
                now,
                now);
        try {
            tx.executeWithoutResult(status -> {
                repository.insert(record);
                record(identity, "provider.created", record, credentialNames(credentials));
            });
        } catch (DuplicateKeyException e) {
            throw ApiException.of(
                    TaskErrorCode.PROVIDER_NAME_TAKEN, "A provider named '" + request.name() + "' exists");
        }
        directory.invalidate(identity.tenantId());
        return view(record, credentials);
    }

    public ProviderView update(Identity identity, UUID id, UpdateProvider request) {
        requireAdmin(identity);
        ProviderRecord current =
                repository.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("provider", id));
        ProviderCredentials old = directory.credentials(current);
        String name = request.name() == null ? current.name() : request.name();
        if (!name.equals(current.name()) && repository.nameTaken(identity.tenantId(), name, id)) {
            throw ApiException.of(TaskErrorCode.PROVIDER_NAME_TAKEN, "A provider named '" + name + "' exists");
        }
        String baseUrl =
                request.baseUrl() == null ? current.baseUrl() : checkBaseUrl(current.kind(), request.baseUrl());
        if (!Objects.equals(baseUrl, current.baseUrl())) {
            requireSecretsAgain(old, request);
        }
        String region = request.region() == null ? current.region() : checkRegion(current.kind(), request.region());
        Map<String, String> headers = request.headers() == null ? old.headers() : checkHeaders(request.headers());
        ProviderCredentials credentials = new ProviderCredentials(
                request.apiKey() == null ? old.apiKey() : blankToNull(request.apiKey()),
                request.awsAccessKeyId() == null ? old.awsAccessKeyId() : blankToNull(request.awsAccessKeyId()),
                request.awsSecretAccessKey() == null
                        ? old.awsSecretAccessKey()
                        : blankToNull(request.awsSecretAccessKey()),
                headers);
        checkAwsPair(credentials);
        requireOwnAwsCredentials(current.kind(), credentials);
        ProviderRecord updated = new ProviderRecord(
                current.id(),
                current.tenantId(),
                name,
                current.kind(),
                baseUrl,
                region,
                directory.encrypt(credentials, identity.tenantId()),
                List.copyOf(headers.keySet()),
                request.models() == null ? current.models() : models(request.models()),
                request.enabled() == null ? current.enabled() : request.enabled(),
                current.createdAt(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        boolean found;
        try {
            found = Boolean.TRUE.equals(tx.execute(status -> {
                if (!repository.update(updated)) {
                    return false;
                }
                record(identity, "provider.updated", updated, changedCredentials(old, credentials));
                return true;
            }));
        } catch (DuplicateKeyException e) {
            throw ApiException.of(TaskErrorCode.PROVIDER_NAME_TAKEN, "A provider named '" + name + "' exists");
        }
        if (!found) {
            throw ApiException.notFound("provider", id);
        }
        directory.invalidate(identity.tenantId());
        return view(updated, credentials);
    }

    public void delete(Identity identity, UUID id) {
        requireAdmin(identity);
        tx.executeWithoutResult(status -> {
            ProviderRecord current =
                    repository.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("provider", id));
            if (!repository.delete(identity.tenantId(), id)) {
                throw ApiException.notFound("provider", id);
            }
            record(identity, "provider.deleted", current, List.of());
        });
        directory.invalidate(identity.tenantId());
    }

    /**
     * Audits a change of {@code provider} in the caller's transaction: names of credentials set or changed and the
     * base URL's host only, never a key, a header value or a URL path that may carry one.
     */
    private void record(Identity identity, String action, ProviderRecord provider, List<String> credentials) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", provider.name());
        details.put("kind", provider.kind().wireName());
        if (provider.baseUrl() != null) {
            details.put(
                    "baseUrlHost", String.valueOf(URI.create(provider.baseUrl()).getHost()));
        }
        details.put("enabled", provider.enabled());
        details.put(
                "models", provider.models().stream().map(ModelDefinition::id).toList());
        details.put("credentialsSet", credentials);
        audit.record(AuditRecorded.success(
                identity.tenantId(),
                identity.principal(),
                action,
                "provider",
                provider.id().toString(),
                details));
    }

    private static List<String> credentialNames(ProviderCredentials c) {
        return changedCredentials(new ProviderCredentials(null, null, null, Map.of()), c);
    }

    private static List<String> changedCredentials(ProviderCredentials old, ProviderCredentials now) {
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(old.apiKey(), now.apiKey())) {
            changed.add("apiKey");
        }
        if (!Objects.equals(old.awsAccessKeyId(), now.awsAccessKeyId())) {
            changed.add("awsAccessKeyId");
        }
        if (!Objects.equals(old.awsSecretAccessKey(), now.awsSecretAccessKey())) {
            changed.add("awsSecretAccessKey");
        }
        if (!Objects.equals(old.headers(), now.headers())) {
            changed.add("headers");
        }
        return changed;
    }

    public ProviderView get(Identity identity, UUID id) {
        ProviderRecord r =
                repository.find(identity.tenantId(), id).orElseThrow(() -> ApiException.notFound("provider", id));
        return view(r, directory.credentials(r));
    }

    public Page<ProviderView> list(Identity identity, int limit, String cursor) {
        Cursors.Cursor after = Cursors.decode(cursor);
        List<ProviderRecord> rows = repository.page(
                identity.tenantId(),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                limit + 1);
        List<ProviderView> views = new ArrayList<>();
        for (ProviderRecord r : rows) {
            views.add(view(r, directory.credentials(r)));
        }
        return Page.of(views, limit, v -> Cursors.encode(v.createdAt(), v.id()));
    }

    private static void requireAdmin(Identity identity) {
        Authorization.check(Permission.PROVIDERS_ADMIN, identity);
    }

    private String checkBaseUrl(ProviderKind kind, String baseUrl) {
        String url = blankToNull(baseUrl);
        if (url == null) {
            if (kind == ProviderKind.OPENAI_COMPATIBLE) {
                throw ApiException.invalidField("baseUrl", "is required for openai_compatible providers");
            }
            return null;
        }
        try {
            urlGuard.check(url);
        } catch (UrlBlockedException e) {
            throw ApiException.invalidField("baseUrl", e.detail());
        }
        return url.strip();
    }

    private static String checkRegion(ProviderKind kind, String region) {
        String r = blankToNull(region);
        if (kind == ProviderKind.BEDROCK) {
            if (r == null) {
                throw ApiException.invalidField("region", "is required for bedrock providers");
            }
            if (!r.matches("^[a-z]{2}(-[a-z]+)+-\\d{1,2}$")) {
                throw ApiException.invalidField("region", "is not an AWS region name like us-east-1");
            }
        }
        return r;
    }

    private static Map<String, String> checkHeaders(Map<String, String> headers) {
        Map<String, String> checked = new LinkedHashMap<>();
        if (headers == null) {
            return checked;
        }
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String name = h.getKey();
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw ApiException.invalidField("headers", "'" + name + "' is not a valid header name");
            }
            if (FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw ApiException.invalidField("headers", "header '" + name + "' cannot be set");
            }
            String value = h.getValue();
            if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw ApiException.invalidField("headers", "value of '" + name + "' must be a single-line string");
            }
            checked.put(name, value);
        }
        return checked;
    }

    /**
     * A tenant's Bedrock provider signs with its own AWS keys: without them the SDK would fall back to the platform's
     * credentials from the environment and bill the platform's account for the tenant's calls.
     */
    private static void requireOwnAwsCredentials(ProviderKind kind, ProviderCredentials c) {
        if (kind == ProviderKind.BEDROCK && c.awsAccessKeyId() == null) {
            throw ApiException.invalidField(
                    "awsAccessKeyId",
                    "a tenant Bedrock provider needs its own awsAccessKeyId and awsSecretAccessKey;"
                            + " the platform's AWS credentials serve platform providers only");
        }
    }

    /**
     * Stored secrets were given for one host: moving the provider to another host without handing them over again
     * would send them to a server their owner never chose.
     */
    private static void requireSecretsAgain(ProviderCredentials old, UpdateProvider request) {
        if (old.apiKey() != null && request.apiKey() == null) {
            throw ApiException.of(
                    TaskErrorCode.API_KEY_REQUIRED, "Changing baseUrl needs the apiKey again (or \"\" for none)");
        }
        if (old.awsSecretAccessKey() != null && request.awsSecretAccessKey() == null) {
            throw ApiException.of(
                    TaskErrorCode.API_KEY_REQUIRED,
                    "Changing baseUrl needs awsAccessKeyId and awsSecretAccessKey again");
        }
        if (!old.headers().isEmpty() && request.headers() == null) {
            throw ApiException.of(
                    TaskErrorCode.API_KEY_REQUIRED, "Changing baseUrl needs the headers again (or {} for none)");
        }
    }

    private static void checkAwsPair(ProviderCredentials c) {
        if ((c.awsAccessKeyId() == null) != (c.awsSecretAccessKey() == null)) {
            throw ApiException.invalidField("awsSecretAccessKey", "awsAccessKeyId and awsSecretAccessKey go together");
        }
    }

    private static List<ModelDefinition> models(List<ModelInput> inputs) {
        List<ModelDefinition> models = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ModelInput m : inputs) {
            String id = m.id().strip();
            if (!seen.add(id)) {
                throw ApiException.invalidField("models", "model '" + id + "' is listed twice");
            }
            models.add(new ModelDefinition(id, blankToNull(m.upstreamId()), m.contextWindow(), m.supportsTools()));
        }
        return List.copyOf(models);
    }

    private static ProviderView view(ProviderRecord r, ProviderCredentials c) {
        return new ProviderView(
                r.id(),
                r.name(),
                r.kind().wireName(),
                r.baseUrl(),
                r.region(),
                r.headerNames(),
                r.models(),
                r.enabled(),
                c.hasApiKey(),
                c.hasAwsKeys(),
                r.createdAt(),
                r.updatedAt());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
