package com.bl1nk.gateway.sso;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.gateway.web.Blocking;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The caller's tenant's single sign-on configuration (owner/admin); the client secret is write-only. */
@RestController
@RequestMapping("/api/v1/sso/config")
class SsoConfigController {

    private final SsoConfigService configs;

    SsoConfigController(SsoConfigService configs) {
        this.configs = configs;
    }

    @Operation(summary = "Get the tenant's OIDC provider and role mapping (never the client secret)")
    @Requires(Permission.SSO_ADMIN)
    @GetMapping
    Mono<SsoConfigView> get(@Parameter(hidden = true) Identity identity) {
        return Blocking.call(() -> configs.get(identity));
    }

    @Operation(summary = "Create or replace the tenant's OIDC provider; omit clientSecret to keep the stored one")
    @Requires(Permission.SSO_ADMIN)
    @PutMapping
    Mono<SsoConfigView> put(@Parameter(hidden = true) Identity identity, @RequestBody SsoConfigRequest request) {
        return Blocking.call(() -> configs.put(identity, request));
    }

    @Operation(summary = "Remove the tenant's OIDC provider; SSO logins stop at once")
    @ApiResponse(responseCode = "204", description = "Removed")
    @Requires(Permission.SSO_ADMIN)
    @DeleteMapping
    Mono<ResponseEntity<Void>> delete(@Parameter(hidden = true) Identity identity) {
        return Blocking.run(() -> configs.delete(identity))
                .thenReturn(ResponseEntity.noContent().build());
    }
}
