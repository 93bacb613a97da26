package com.bl1nk.gateway.people;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import com.bl1nk.gateway.web.Blocking;
import com.bl1nk.gateway.web.ClientAddress;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The caller, and the members of the caller's tenant; blocking work runs off the event loop. */
@RestController
class MembersController {

    private final PeopleService people;

    MembersController(PeopleService people) {
        this.people = people;
    }

    @Operation(summary = "Who is calling: the signed-in user with their tenants, or the API key's principal")
    @Requires(Permission.ACCOUNT)
    @GetMapping("/api/v1/me")
    Mono<MeView> me(@Parameter(hidden = true) Identity identity) {
        return Blocking.call(() -> people.me(identity));
    }

    @Operation(summary = "List the members of the tenant, oldest first")
    @Requires(Permission.MEMBERS_READ)
    @GetMapping("/api/v1/members")
    Mono<Page<MemberView>> list(
            @Parameter(hidden = true) Identity identity,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return Blocking.call(() -> people.members(identity, limit, cursor));
    }

    @Operation(summary = "Change a member's role (owners only by an owner; the last owner stays owner)")
    @Requires(Permission.MEMBERS_ADMIN)
    @PatchMapping("/api/v1/members/{userId}")
    Mono<MemberView> changeRole(
            @Parameter(hidden = true) Identity identity,
            @PathVariable UUID userId,
            @RequestBody ChangeRoleRequest request,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        return Blocking.call(() -> people.changeRole(identity, userId, request, ip));
    }

    @Operation(summary = "Remove a member from the tenant; their sessions there stop on the next request")
    @ApiResponse(responseCode = "204", description = "Removed")
    @Requires(Permission.MEMBERS_ADMIN)
    @DeleteMapping("/api/v1/members/{userId}")
    Mono<ResponseEntity<Void>> remove(
            @Parameter(hidden = true) Identity identity,
            @PathVariable UUID userId,
            @Parameter(hidden = true) ServerWebExchange exchange) {
        String ip = ClientAddress.of(exchange);
        return Blocking.run(() -> people.remove(identity, userId, ip))
                .thenReturn(ResponseEntity.noContent().build());
    }
}
