package com.bl1nk.gateway.bootstrap;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.trace.TraceContext;
import com.bl1nk.contracts.audit.AuditRecorded;
import com.bl1nk.gateway.apikey.ApiKeyService;
import com.bl1nk.gateway.apikey.CreatedApiKey;
import com.bl1nk.gateway.audit.AuditPublisher;
import com.bl1nk.gateway.people.FirstUserService;
import com.bl1nk.gateway.tenant.TenantService;
import com.bl1nk.gateway.tenant.TenantView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes a fresh installation usable: if the identity schema has no tenant, creates tenant {@code default} and an owner
 * key with scope {@code platform:admin}, and writes the plaintext key only to the configured key file (mode 600), and
 * the first user's sign-up link to its own file when one is configured. Runs
 * under a transaction-scoped advisory lock, so replicas starting together create exactly one key.
 */
@Component
public class BootstrapAdmin implements ApplicationRunner {

    /** Actor recorded in the audit log for bootstrap actions. */
    static final String ACTOR = "system:bootstrap";

    /** Arbitrary constant identifying the bootstrap advisory lock ("bl1nkbst" in ASCII). */
    private static final long LOCK_ID = 0x626c316e6b627374L;

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdmin.class);

    private final BootstrapProperties properties;
    private final TenantService tenants;
    private final ApiKeyService keys;
    private final AuditPublisher audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final FirstUserService firstUsers;

    BootstrapAdmin(
            BootstrapProperties properties,
            TenantService tenants,
            ApiKeyService keys,
            FirstUserService firstUsers,
            AuditPublisher audit,
            JdbcClient jdbc,
            TransactionTemplate transactions) {
        this.properties = properties;
        this.tenants = tenants;
        this.keys = keys;
        this.firstUsers = firstUsers;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.enabled()) {
            return;
        }
        try (TraceContext.Scope ignored = TraceContext.openNewRoot()) {
            bootstrap();
        }
    }

    /**
     * Creates the default tenant and admin key if no tenant exists yet.
     *
     * @return the created key (its plaintext is in the key file), or empty when there was nothing to do
     */
    public Optional<CreatedApiKey> bootstrap() {
        Path keyFile = properties.keyFile();
        if (keyFile == null) {
            if (!tenantsExist()) {
                log.warn("The identity schema is empty but no bootstrap key file is configured: set "
                        + "BL1NK_BOOTSTRAP_KEY_FILE (bl1nk.gateway.bootstrap.key-file) to create the first admin key");
            }
            return Optional.empty();
        }
        Optional<Created> created = transactions.execute(status -> {
            jdbc.sql("select pg_advisory_xact_lock(:id)")
                    .param("id", LOCK_ID)
                    .query((rs, n) -> n)
                    .list();
            if (tenants.anyExists()) {
                return Optional.<Created>empty();
            }
            TenantView tenant = tenants.insert(properties.tenantSlug(), properties.tenantName());
            CreatedApiKey key = keys.issue(
                    tenant.id(),
                    "bootstrap admin",
                    List.of(Identity.OWNER),
                    List.of(TenantService.PLATFORM_ADMIN),
                    null,
                    ACTOR);
            // Written before commit: if the file cannot be written, nothing is committed and the next start retries.
            writeKeyFile(keyFile, key.key());
            if (properties.firstUserLinkFile() != null) {
                writeKeyFile(properties.firstUserLinkFile(), firstUsers.issueLink(tenant.id(), ACTOR));
            }
            return Optional.of(new Created(tenant, key));
        });
        if (created == null || created.isEmpty()) {
            return Optional.empty();
        }
        Created done = created.get();
        log.info(
                "Bootstrapped tenant '{}' ({}) with admin key {}…; the key is in {}",
                done.tenant().slug(),
                done.tenant().id(),
                "bl1nk_" + done.key().prefix(),
                keyFile);
        audit.publish(AuditRecorded.success(
                done.tenant().id(),
                ACTOR,
                "tenant.created",
                "tenant",
                done.tenant().id().toString(),
                Map.of("slug", done.tenant().slug())));
        audit.publish(AuditRecorded.success(
                done.tenant().id(),
                ACTOR,
                "api_key.created",
                "api_key",
                done.key().id().toString(),
                Map.of(
                        "name",
                        done.key().name(),
                        "prefix",
                        done.key().prefix(),
                        "scopes",
                        done.key().scopes())));
        if (properties.firstUserLinkFile() != null) {
            log.info("Issued the first user's sign-up link; it is in {}", properties.firstUserLinkFile());
            audit.publish(AuditRecorded.success(
                    done.tenant().id(),
                    ACTOR,
                    "first_user_link.issued",
                    "tenant",
                    done.tenant().id().toString(),
                    Map.of("via", "first start")));
        }
        return Optional.of(done.key());
    }

    private boolean tenantsExist() {
        return tenants.anyExists();
    }

    /** Writes the key to a temp file created with mode 600, then moves it into place atomically. */
    static void writeKeyFile(Path keyFile, String key) {
        Path target = keyFile.toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Path temp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            try {
                Files.createFile(
                        temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temp);
            } catch (FileAlreadyExistsException e) {
                throw new IllegalStateException("Bootstrap key temp file appeared concurrently: " + temp, e);
            }
            Files.writeString(temp, key + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the bootstrap key file " + target, e);
        }
    }

    private record Created(TenantView tenant, CreatedApiKey key) {}
}
