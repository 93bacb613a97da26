package com.bl1nk.task.github;

import com.bl1nk.common.audit.AuditOutbox;
import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.contracts.audit.AuditRecorded;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform operator's GitHub App: {@code PUT} stores its id, private key and webhook secrets (encrypted, never
 * returned), {@code GET} shows what is in use and from where, {@code DELETE} falls back to the environment. Platform
 * admins only: the App speaks for every tenant's installations.
 */
@RestController
@RequestMapping("/api/v1/github/app")
class GithubAppController {

    private final GithubAppSettings settings;
    private final TransactionTemplate tx;
    private final AuditOutbox audit;

    GithubAppController(GithubAppSettings settings, TransactionTemplate tx, AuditOutbox audit) {
        this.settings = settings;
        this.tx = tx;
        this.audit = audit;
    }

    /**
     * The App to use from now on.
     *
     * @param appId the App's numeric id (GitHub shows it on the App's settings page)
     * @param privateKey the private key GitHub generated for the App, PEM (PKCS#1 or PKCS#8)
     * @param webhookSecrets every secret a delivery may be signed with; list two while rotating
     */
    record AppRequest(
            @NotNull @Positive Long appId,
            @NotBlank @Size(max = 16_384) String privateKey,
            @NotEmpty @Size(max = 5) List<@NotBlank @Size(max = 256) String> webhookSecrets) {}

    @Requires(Permission.PLATFORM_ADMIN)
    @GetMapping
    GithubAppSettings.View get(Identity identity) {
        return settings.view();
    }

    @Requires(Permission.PLATFORM_ADMIN)
    @PutMapping
    GithubAppSettings.View put(Identity identity, @Valid @RequestBody AppRequest request) {
        // the App is the platform's, not a tenant's: recorded in the chain of the operator's tenant, without the key
        // or any webhook secret
        return tx.execute(status -> {
            GithubAppSettings.View view = settings.store(
                    request.appId(), request.privateKey(), request.webhookSecrets(), identity.principal());
            audit.record(AuditRecorded.success(
                    identity.tenantId(),
                    identity.principal(),
                    "github_app.configured",
                    "github_app",
                    String.valueOf(request.appId()),
                    Map.of(
                            "appId",
                            request.appId(),
                            "webhookSecretCount",
                            request.webhookSecrets().size())));
            return view;
        });
    }

    @Requires(Permission.PLATFORM_ADMIN)
    @DeleteMapping
    ResponseEntity<Void> delete(Identity identity) {
        boolean deleted = Boolean.TRUE.equals(tx.execute(status -> {
            Long appId = settings.view().appId();
            if (!settings.delete()) {
                return false;
            }
            audit.record(AuditRecorded.success(
                    identity.tenantId(),
                    identity.principal(),
                    "github_app.deleted",
                    "github_app",
                    String.valueOf(appId),
                    Map.of()));
            return true;
        }));
        return deleted
                ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }
}
