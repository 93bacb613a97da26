package com.bl1nk.gateway.serviceaccount;

import com.bl1nk.common.error.ApiException;
import com.bl1nk.common.identity.Authorization;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.web.Cursors;
import com.bl1nk.common.web.Page;
import com.bl1nk.common.web.PageRequests;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.apikey.ApiKeyLookup;
import com.bl1nk.gateway.apikey.ApiKeyService;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.error.GatewayErrorCode;
import com.bl1nk.gateway.web.FieldErrors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creates, changes, disables and deletes a tenant's service accounts (owners and admins, {@code keys:admin}); disabling
 * or deleting one evicts its keys from the lookup cache so they fail on the next request. Blocking: call it off the
 * event loop.
 */
@Service
class ServiceAccountService {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_DESCRIPTION_LENGTH = 1000;

    private final ServiceAccountRepository repository;
    private final ApiKeyService keys;
    private final ApiKeyLookup lookup;
    private final AuditPublisher audit;
    private final TransactionTemplate transactions;

    ServiceAccountService(
            ServiceAccountRepository repository,
            ApiKeyService keys,
            ApiKeyLookup lookup,
            AuditPublisher audit,
            TransactionTemplate transactions) {
        this.repository = repository;
        this.keys = keys;
        this.lookup = lookup;
        this.audit = audit;
        this.transactions = transactions;
    }

    ServiceAccountView create(Identity caller, CreateServiceAccountRequest request, String clientIp) {
        requireKeyManager(caller);
        FieldErrors errors = new FieldErrors();
        String name = name(request.name(), errors);
        String description = description(request.description(), errors);
        if (name == null) {
            errors.add("name", "must not be blank");
        }
        errors.throwIfAny();
        ServiceAccountView created;
        try {
            created = repository.insert(
                    UUID.randomUUID(),
                    caller.tenantId(),
                    name,
                    description == null ? "" : description,
                    caller.principal());
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
        publish(caller, "service_account.created", created, clientIp, Map.of());
        return created;
    }

    Page<ServiceAccountView> list(Identity caller, Integer limit, String cursor) {
        requireKeyManager(caller);
        int size = PageRequests.limit(limit);
        Cursors.Cursor after = Cursors.decode(cursor);
        List<ServiceAccountView> rows = repository.list(
                caller.tenantId(),
                after == null ? null : after.createdAt(),
                after == null ? null : after.id(),
                size + 1);
        return Page.of(rows, size, account -> Cursors.encode(account.createdAt(), account.id()));
    }

    ServiceAccountView get(Identity caller, UUID id) {
        requireKeyManager(caller);
        return repository.find(caller.tenantId(), id).orElseThrow(() -> ApiException.notFound("service account", id));
    }

    ServiceAccountView update(Identity caller, UUID id, UpdateServiceAccountRequest request, String clientIp) {
        requireKeyManager(caller);
        FieldErrors errors = new FieldErrors();
        String name = request.name() == null ? null : name(request.name(), errors);
        if (request.name() != null && name == null) {
            errors.add("name", "must not be blank");
        }
        String description = description(request.description(), errors);
        errors.throwIfAny();
        ServiceAccountView before = get(caller, id);
        if (Boolean.TRUE.equals(request.disabled()) && before.disabledAt() == null) {
            keys.requireMayStopKeysOf(caller, id);
        }
        ServiceAccountView after;
        try {
            after = repository
                    .update(caller.tenantId(), id, name, description, request.disabled())
                    .orElseThrow(() -> ApiException.notFound("service account", id));
        } catch (DuplicateKeyException e) {
            throw nameTaken(name);
        }
        boolean disabledNow = before.disabledAt() == null && after.disabledAt() != null;
        boolean enabledNow = before.disabledAt() != null && after.disabledAt() == null;
        if (disabledNow || enabledNow) {
            // its keys are cached with the account's old state: gone now, so the next request reads the database
            lookup.evictServiceAccountKeys(caller.tenantId(), id);
        }
        Map<String, Object> changes = new LinkedHashMap<>();
        if (name != null && !name.equals(before.name())) {
            changes.put("previousName", before.name());
        }
        if (description != null && !description.equals(before.description())) {
            changes.put("descriptionChanged", true);
        }
        String action = disabledNow
                ? "service_account.disabled"
                : enabledNow ? "service_account.enabled" : "service_account.updated";
        publish(caller, action, after, clientIp, changes);
        return after;
    }

    void delete(Identity caller, UUID id, String clientIp) {
        requireKeyManager(caller);
        get(caller, id);
        keys.requireMayStopKeysOf(caller, id);
        ServiceAccountView deleted = transactions.execute(status -> {
            ServiceAccountView account = repository
                    .markDeleted(caller.tenantId(), id)
                    .orElseThrow(() -> ApiException.notFound("service account", id));
            keys.revokeServiceAccountKeys(caller, id, clientIp);
            return account;
        });
        lookup.evictServiceAccountKeys(caller.tenantId(), id);
        publish(caller, "service_account.deleted", deleted, clientIp, Map.of());
    }

    private void publish(
            Identity caller, String action, ServiceAccountView account, String clientIp, Map<String, Object> extra) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", account.name());
        details.put("status", account.status());
        details.putAll(extra);
        if (clientIp != null) {
            details.put("ip", clientIp);
        }
        audit.publish(AuditRecorded.success(
                caller.tenantId(),
                caller.principal(),
                action,
                "service_account",
                account.id().toString(),
                details));
    }

    private static String name(String value, FieldErrors errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String name = value.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            errors.add("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        } else if (name.chars().anyMatch(Character::isISOControl)) {
            errors.add("name", "must not contain control characters");
        }
        return name;
    }

    private static String description(String value, FieldErrors errors) {
        if (value == null) {
            return null;
        }
        String description = value.strip();
        if (description.length() > MAX_DESCRIPTION_LENGTH) {
            errors.add("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters");
        }
        return description;
    }

    private static ApiException nameTaken(String name) {
        return ApiException.of(
                GatewayErrorCode.SERVICE_ACCOUNT_NAME_TAKEN,
                "The tenant already has a service account named '" + name + "'");
    }

    private static void requireKeyManager(Identity caller) {
        Authorization.check(Permission.KEYS_ADMIN, caller);
    }
}
