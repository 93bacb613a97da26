package com.bl1nk.mcp.registry;

import com.bl1nk.common.identity.Identity;
import com.bl1nk.common.identity.Permission;
import com.bl1nk.common.identity.Requires;
import com.bl1nk.common.web.Page;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenant's discovered tools: list, inspect, approve a (changed) definition, restrict callers. */
@RestController
@RequestMapping("/api/v1/mcp/tools")
class ToolController {

    private final RegistryService registry;

    ToolController(RegistryService registry) {
        this.registry = registry;
    }

    @Requires(Permission.TOOLS_READ)
    @GetMapping
    Page<ToolResponse> list(
            Identity identity,
            @RequestParam(required = false) UUID serverId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return registry.listTools(identity, serverId, limit, cursor);
    }

    @Requires(Permission.TOOLS_READ)
    @GetMapping("/{id}")
    ToolResponse get(Identity identity, @PathVariable UUID id) {
        return registry.getTool(identity, id);
    }

    @Requires(Permission.TOOLS_ADMIN)
    @PostMapping("/{id}/approve")
    ToolResponse approve(Identity identity, @PathVariable UUID id, @Valid @RequestBody ApproveToolRequest request) {
        return registry.approve(identity, id, request.schemaHash());
    }

    @Requires(Permission.TOOLS_ADMIN)
    @PutMapping("/{id}/allowed-callers")
    ToolResponse allowedCallers(
            Identity identity, @PathVariable UUID id, @Valid @RequestBody AllowedCallersRequest request) {
        return registry.setAllowedCallers(identity, id, request.callers());
    }
}
