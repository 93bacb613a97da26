package com.bl1nk.gateway.bootstrap;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.apikey.ApiKeyService;
import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.people.FirstUserService;
import com.bl1nk.gateway.tenant.TenantService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The way back in when the platform admin key is lost: issues a fresh owner key with {@code platform:admin} in the
 * platform's own tenant (the tenant that holds the oldest platform-admin key, else the bootstrap tenant), audited.
 * Only reachable from the host ({@code ./bl1nk admin-key}), never over HTTP: whoever runs it already holds the
 * database credentials, which are worth more than any key.
 */
@Component
public class AdminKeyRecovery {

    /** Actor recorded in the audit log for keys issued from the host. */
    static final String ACTOR = "system:admin-key";

    private final BootstrapAdmin bootstrap;
    private final BootstrapProperties properties;
    private final ApiKeyService keys;
    private final AuditPublisher audit;
    private final JdbcClient jdbc;
    private final FirstUserService firstUsers;
    private final TransactionTemplate transactions;

    AdminKeyRecovery(
            BootstrapAdmin bootstrap,
            BootstrapProperties properties,
            ApiKeyService keys,
            AuditPublisher audit,
            JdbcClient jdbc,
            FirstUserService firstUsers,
            TransactionTemplate transactions) {
        this.bootstrap = bootstrap;
        this.properties = properties;
        this.keys = keys;
        this.audit = audit;
        this.jdbc = jdbc;
        this.firstUsers = firstUsers;
        this.transactions = transactions;
    }

    /**
     * Issues a new platform-admin key; on an installation without any tenant, bootstraps it instead.
     *
     * @param operator who ran the command on the host (the OS user), recorded in the audit event
     * @return the new key, its plaintext shown once
     */
    public CreatedApiKey issue(String operator) {
        Optional<UUID> tenant = platformTenant();
        if (tenant.isEmpty()) {
            return bootstrap
                    .bootstrap()
                    .orElseThrow(() -> new IllegalStateException("No tenant exists and none was bootstrapped: set "
                            + "bl1nk.gateway.bootstrap.key-file, or another gateway bootstrapped it just now"));
        }
        CreatedApiKey key = keys.issue(
                tenant.get(),
                "recovered platform admin",
                List.of(Identity.OWNER),
                List.of(TenantService.PLATFORM_ADMIN),
                null,
                ACTOR);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", key.name());
        details.put("prefix", key.prefix());
        details.put("scopes", key.scopes());
        details.put("via", "bl1nk admin-key");
        details.put("operator", operator == null || operator.isBlank() ? "unknown" : operator);
        audit.publish(AuditRecorded.success(
                key.tenantId(), ACTOR, "api_key.created", "api_key", key.id().toString(), details));
        return key;
    }

    /**
     * Issues a fresh first-user sign-up link into the platform's tenant (ending older unused ones), audited; on an
     * installation without any tenant, bootstraps it first.
     *
     * @param operator who ran the command on the host, recorded in the audit event
     * @return the link, its token shown once
     */
    public String issueFirstUserLink(String operator) {
        Optional<UUID> tenant = platformTenant();
        if (tenant.isEmpty()) {
            bootstrap.bootstrap();
            tenant = platformTenant();
        }
        UUID tenantId = tenant.orElseThrow(() -> new IllegalStateException(
                "No tenant exists and none was bootstrapped: set bl1nk.gateway.bootstrap.key-file"));
        String link = transactions.execute(status -> firstUsers.issueLink(tenantId, ACTOR));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("via", "bl1nk admin-key --first-user");
        details.put("operator", operator == null || operator.isBlank() ? "unknown" : operator);
        audit.publish(AuditRecorded.success(
                tenantId, ACTOR, "first_user_link.issued", "tenant", tenantId.toString(), details));
        return link;
    }

    private Optional<UUID> platformTenant() {
        Optional<UUID> holder = jdbc.sql("""
                        select tenant_id from identity.api_keys
                        where :scope = any(scopes)
                        order by created_at, id
                        limit 1
                        """)
                .param("scope", TenantService.PLATFORM_ADMIN)
                .query(UUID.class)
                .optional();
        if (holder.isPresent()) {
            return holder;
        }
        return jdbc.sql("select id from identity.tenants where slug = :slug")
                .param("slug", properties.tenantSlug())
                .query(UUID.class)
                .optional();
    }
}
