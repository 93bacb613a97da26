package com.bl1nk.gateway.tenant;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.web.FieldErrors;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Tenant lifecycle and who may see a tenant: platform admins create tenants; a key sees only its own tenant (another
 * tenant answers 404, exactly like a missing one). Blocking: call it off the event loop.
 */
@Service
public class TenantService {

    /** Scope that lets a key act across tenants (create tenants, create keys in other tenants). */
    public static final String PLATFORM_ADMIN = "platform:admin";

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{1,62}$");

    private final TenantRepository repository;
    private final AuditPublisher audit;

    TenantService(TenantRepository repository, AuditPublisher audit) {
        this.repository = repository;
        this.audit = audit;
    }

    /** Creates a tenant; requires scope {@value #PLATFORM_ADMIN}; 409 {@code slug_taken} when the slug exists. */
    public TenantView create(Identity caller, CreateTenantRequest request) {
        Authorization.check(Permission.PLATFORM_ADMIN, caller);
        FieldErrors errors = new FieldErrors();
        String slug = request.slug() == null ? null : request.slug().strip();
        String name = request.name() == null ? null : request.name().strip();
        if (slug == null || slug.isEmpty()) {
            errors.add("slug", "must not be blank");
        } else if (!SLUG.matcher(slug).matches()) {
            errors.add("slug", "must be 2 to 63 lowercase letters, digits or dashes, starting with a letter or digit");
        }
        if (name == null || name.isEmpty()) {
            errors.add("name", "must not be blank");
        } else if (name.length() > 200) {
            errors.add("name", "must be at most 200 characters");
        }
        errors.throwIfAny();
        TenantView created = insert(slug, name);
        audit.publish(AuditRecorded.success(
                created.id(),
                caller.principal(),
                "tenant.created",
                "tenant",
                created.id().toString(),
                Map.of("slug", slug, "createdFromTenant", caller.tenantId().toString())));
        return created;
    }

    /** Inserts a tenant without authorisation checks, for bootstrap; 409 {@code slug_taken} when the slug exists. */
    public TenantView insert(String slug, String name) {
        if (repository.slugExists(slug)) {
            throw slugTaken(slug);
        }
        try {
            return repository.insert(UUID.randomUUID(), slug, name);
        } catch (DuplicateKeyException e) {
            throw slugTaken(slug);
        }
    }

    /** The tenant if {@code caller} may see it (its own tenant, or any for a platform admin); else 404. */
    public TenantView get(Identity caller, UUID id) {
        if (!id.equals(caller.tenantId()) && !caller.hasScope(PLATFORM_ADMIN)) {
            throw ApiException.notFound("tenant", id);
        }
        return repository.find(id).orElseThrow(() -> ApiException.notFound("tenant", id));
    }

    /** The tenant with this id, without authorisation checks. */
    public Optional<TenantView> find(UUID id) {
        return repository.find(id);
    }

    /** The tenant with this slug, without authorisation checks (sign-in pages are addressed by slug). */
    public Optional<TenantView> findBySlug(String slug) {
        return slug == null || !SLUG.matcher(slug).matches() ? Optional.empty() : repository.findBySlug(slug);
    }

    /** Whether any tenant exists yet (bootstrap runs only on an empty identity schema). */
    public boolean anyExists() {
        return repository.anyExists();
    }

    private static ApiException slugTaken(String slug) {
        return ApiException.of(GatewayErrorCode.SLUG_TAKEN, "A tenant with slug '" + slug + "' already exists");
    }
}
