package com.bl1nk.mcp.error;

import com.bl1nk.common.error.ErrorCode;
import org.springframework.http.HttpStatus;

/**
 * The problem codes mcp-service answers with besides common-lib's; clients switch on these strings, so an entry's code
 * and status never change. {@code docs/errors/mcp.md} is generated from this list by {@code ErrorCatalogueTests}.
 */
public enum McpErrorCode implements ErrorCode {
    SERVER_NAME_TAKEN("server_name_taken", HttpStatus.CONFLICT, "An MCP server of that name is already registered"),
    CREDENTIALS_ENCRYPTION_UNAVAILABLE(
            "credentials_encryption_unavailable",
            HttpStatus.SERVICE_UNAVAILABLE,
            "Server credentials cannot be stored: no master key is configured"),
    TOOL_DEFINITION_CHANGED(
            "tool_definition_changed",
            HttpStatus.CONFLICT,
            "The tool's definition changed since it was approved; re-approve it"),
    INVALID_ARGUMENTS(
            "invalid_arguments", HttpStatus.BAD_REQUEST, "The tool arguments do not match the tool's input schema"),
    TOOL_SCHEMA_INVALID(
            "tool_schema_invalid",
            HttpStatus.UNPROCESSABLE_CONTENT,
            "The tool's input schema is not a usable JSON Schema"),
    TOOL_NOT_ALLOWED(
            "tool_not_allowed", HttpStatus.FORBIDDEN, "The tool is not allowed by the server's policy for this caller"),
    TOOL_PROTOCOL_ERROR(
            "tool_protocol_error", HttpStatus.BAD_GATEWAY, "The MCP server broke the protocol while calling the tool"),
    TOOL_TIMEOUT("tool_timeout", HttpStatus.GATEWAY_TIMEOUT, "The tool call did not finish within its timeout"),
    MCP_SERVER_UNREACHABLE(
            "mcp_server_unreachable",
            HttpStatus.BAD_GATEWAY,
            "The MCP server could not be reached or failed to initialise"),
    MCP_SERVER_TIMEOUT("mcp_server_timeout", HttpStatus.GATEWAY_TIMEOUT, "The MCP server did not answer in time"),
    STDIO_COMMAND_NOT_ALLOWED(
            "stdio_command_not_allowed", HttpStatus.FORBIDDEN, "The stdio command is not on the operator's allow-list"),
    MCP_SESSION_NOT_FOUND(
            "mcp_session_not_found",
            HttpStatus.NOT_FOUND,
            "No such MCP session on the `/mcp` endpoint (expired or another tenant's)"),
    QUOTA_EXCEEDED("quota_exceeded", HttpStatus.TOO_MANY_REQUESTS, "The tenant has too many open `/mcp` sessions");

    private final String code;
    private final HttpStatus status;
    private final String meaning;

    McpErrorCode(String code, HttpStatus status, String meaning) {
        this.code = code;
        this.status = status;
        this.meaning = meaning;
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public HttpStatus status() {
        return status;
    }

    @Override
    public String meaning() {
        return meaning;
    }
}
