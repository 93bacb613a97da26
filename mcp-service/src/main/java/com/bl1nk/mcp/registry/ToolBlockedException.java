package com.bl1nk.mcp.registry;

import com.bl1nk.common.error.ApiException;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** A known tool that may not be called right now (not approved, changed, removed, server disabled): 409, audited. */
public class ToolBlockedException extends ApiException {

    private final UUID toolId;
    private final UUID serverId;
    private final String qualifiedName;

    ToolBlockedException(String code, String detail, UUID toolId, UUID serverId, String qualifiedName) {
        super(HttpStatus.CONFLICT, code, detail);
        this.toolId = toolId;
        this.serverId = serverId;
        this.qualifiedName = qualifiedName;
    }

    public UUID toolId() {
        return toolId;
    }

    public UUID serverId() {
        return serverId;
    }

    public String qualifiedName() {
        return qualifiedName;
    }
}
