package com.bl1nk.gateway.people;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.gateway.web.Blocking;
import com.bl1nk.gateway.web.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.util.UUID;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Platform-wide user administration (platform admins only). */
@RestController
class UsersController {

    private final PasswordResetService resets;

    UsersController(PasswordResetService resets) {
        this.resets = resets;
    }

    @Operation(summary = "Issue a single-use password-reset link for a user, to hand over (platform admin)")
    @Requires(Permission.PLATFORM_ADMIN)
    @PostMapping("/api/v1/users/{userId}/password-reset")
    Mono<PasswordResetService.ResetLink> passwordReset(
            @Parameter(hidden = true) Identity identity,
            @PathVariable UUID userId,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        return Blocking.call(() -> resets.issueFor(identity, userId, ip));
    }
}
